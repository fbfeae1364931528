using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// NoPlaintextOnDisk: the data of a software-encrypted regular file reaches the device only from
/// bounce pages, and what the device received for them was ciphertext (the disk records whether
/// each block it wrote came as ciphertext: judged on what the disk RECEIVED, not only on which
/// page went into the bio). ICE (hardware) files send the page itself; the device encrypts.
/// Kernel rule: seed L71-93 and L100-101 (io_submit_add_bh gets data_page when encrypting); H5
/// is the bug of passing the page-cache page; ext4_encrypt (crypto.c, ext4_page_crypto) fills the
/// bounce page with the cipher's output before it is returned (seed L78).
/// </summary>
public sealed class NoPlaintextOnDisk : Spec
{
    private readonly SortedSet<int> softwareEncrypted = [];

    public override string Checks => "software-encrypted regular files only ever send bounce pages to disk, and the disk receives ciphertext";
    public override string KernelRule => "seed L71-93, L100-101: data_page ? data_page : page";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.ext4_bio_write_page { Encryption: EncryptionMode.Software } c:
                softwareEncrypted.Add(c.Page);
                break;
            case Call.submit_bio bio:
                foreach (var s in bio.Segments)
                {
                    if (softwareEncrypted.Contains(s.Page) && !s.Bounce)
                    {
                        return Fail("plaintext-submitted", $"bio#{bio.Bio} sends plaintext of software-encrypted page {s.Page} (bytes {s.Offset}..{s.Offset + s.Length}, block {s.Block}) to disk");
                    }
                }
                break;
            case Call.bio_endio { Failed: false } done:
                foreach (var (page, bh, block, i) in WritebackTracker.BlocksOf(done.Segments, done.Blocks))
                {
                    if (softwareEncrypted.Contains(page) && i < done.Ciphertext.Count && !done.Ciphertext[i])
                    {
                        return Fail("plaintext-on-disk", $"bio#{done.Bio} wrote plaintext of software-encrypted page {page} bh{bh} to block {block}: the disk received no ciphertext");
                    }
                }
                break;
        }
        return null;
    }
}
