using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// NoPlaintextOnDisk: the data of a software-encrypted regular file reaches the device only from
/// bounce pages (ciphertext). ICE (hardware) files send the page itself; the device encrypts.
/// Kernel rule: seed L71-93 and L100-101 (io_submit_add_bh gets data_page when encrypting); H5
/// is the bug of passing the page-cache page.
/// </summary>
public sealed class NoPlaintextOnDisk : SpecMonitor
{
    private readonly SortedSet<int> softwareEncrypted = [];

    public override string Checks => "software-encrypted regular files only ever send bounce pages to disk";
    public override string KernelRule => "seed L71-93, L100-101: data_page ? data_page : page";

    public override string? Observe(KernelEvent e)
    {
        switch (e.Call)
        {
            case "ext4_bio_write_page" when e.Encryption == "software":
                softwareEncrypted.Add(e.Page!.Value);
                break;
            case "submit_bio":
                foreach (var s in e.Segments ?? [])
                {
                    if (softwareEncrypted.Contains(s.Page) && !s.Bounce)
                    {
                        return $"bio#{e.Bio} sends plaintext of software-encrypted page {s.Page} (bytes {s.Offset}..{s.Offset + s.Length}, block {s.Block}) to disk";
                    }
                }
                break;
        }
        return null;
    }
}
