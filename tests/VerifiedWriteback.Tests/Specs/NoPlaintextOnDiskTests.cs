namespace VerifiedWriteback.Tests.Specs;

/// <summary>NoPlaintextOnDisk: software-encrypted regular files only ever send bounce pages to disk.</summary>
public sealed class NoPlaintextOnDiskTests
{
    private const string Spec = "NoPlaintextOnDisk";

    /// <summary>
    /// H5: ext4_encrypt made bounce page 1001, but io_submit_add_bh gets the page-cache page
    /// (seed L100-101 without "data_page ? data_page : page"): plaintext goes to disk.
    /// </summary>
    private static EventScript EncryptedPage(bool plaintext, string encryption = "software")
    {
        var bounce = encryption == "software" ? 1001 : (int?)null;
        var bio = BioShape.Of(1, page: 1, block: 100, bounce: bounce is not null && !plaintext);
        return new EventScript()
            .Enter(1, encryption: encryption)
            .set_buffer_async_write(1, 0, 100)
            .If(bounce is not null, s => s.ext4_encrypt(1, 1001))
            .io_submit_add_bh(1, 0, 100, bio: 1, bounce: plaintext ? null : bounce).clear_buffer_dirty(1, 0, 100)
            .Leave(1)
            .submit_bio(bio).Bug()
            .Complete(bio, bounce: plaintext ? null : bounce);
    }

    [Fact]
    public void Fires_when_the_page_cache_page_is_submitted_instead_of_the_bounce_page() =>
        SpecRun.Fires(Spec, EncryptedPage(plaintext: true), "bio#1 sends plaintext of software-encrypted page 1 (bytes 0..4096, block 100) to disk");

    [Fact]
    public void Silent_when_the_bounce_page_is_submitted() =>
        SpecRun.Silent(Spec, EncryptedPage(plaintext: false));

    [Fact]
    public void Silent_when_inline_crypto_sends_the_page_itself() =>
        // ICE (ext4_using_hardware_encryption): no bounce page, the device encrypts.
        SpecRun.Silent(Spec, EncryptedPage(plaintext: true, encryption: "hardware"));

    [Fact]
    public void Silent_when_the_file_is_not_encrypted() =>
        // Non-regular inodes are recorded with encryption "none" too: they never use bounce pages.
        SpecRun.Silent(Spec, EncryptedPage(plaintext: true, encryption: "none"));

    /// <summary>
    /// An encryption failure that falls through to submission (seed L91 sets data_page to NULL,
    /// and a missing "goto out" at L92 lets the second loop submit the page-cache page). The fix
    /// takes the error path: redirty, end writeback, nothing submitted.
    /// </summary>
    private static EventScript EncryptionFails(bool fallsThrough) => new EventScript()
        .Enter(1, encryption: "software")
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt_fails(1)
        .If(fallsThrough,
            s => s.io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
                .Leave(1)
                .submit_bio(BioShape.Of(1, page: 1, block: 100)).Bug(),
            s => s.redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
                .unlock_page(1).end_page_writeback(1).ext4_bio_write_page_return(1, -12));

    [Fact]
    public void Fires_when_a_failed_encryption_falls_through_to_submission() =>
        SpecRun.Fires(Spec, EncryptionFails(fallsThrough: true), "bio#1 sends plaintext of software-encrypted page 1");

    [Fact]
    public void Silent_when_a_failed_encryption_takes_the_error_path() =>
        SpecRun.Silent(Spec, EncryptionFails(fallsThrough: false));

    [Fact]
    public void Fires_on_the_plaintext_segment_of_a_bio_that_also_carries_ciphertext() =>
        // Two encrypted pages in one bio, the second submitted from its page-cache page (H5 on a
        // retry path only): the bio is "mixed", and the spec names the plaintext page.
        SpecRun.Fires(Spec, new EventScript()
            .Enter(1, encryption: "software").set_buffer_async_write(1, 0, 100).ext4_encrypt(1, 1001)
            .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100).Leave(1)
            .Enter(2, encryption: "software").set_buffer_async_write(2, 0, 101).ext4_encrypt(2, 1002)
            .io_submit_add_bh(2, 0, 101, bio: 1).clear_buffer_dirty(2, 0, 101).Leave(2)
            .submit_bio(new BioShape(1,
                [new(1, 0, 4096, 100, true), new(2, 0, 4096, 101, false)], [100, 101])).Bug(),
            "bio#1 sends plaintext of software-encrypted page 2 (bytes 0..4096, block 101)");

    /// <summary>
    /// The bounce page goes into the bio, but what the disk receives from it is plaintext (a bounce
    /// page the cipher never filled): judged on what the device wrote, not on which page the bio held.
    /// </summary>
    private static EventScript DiskReceives(bool ciphertext)
    {
        var bio = BioShape.Of(1, page: 1, block: 100, bounce: true);
        var s = new EventScript().Enter(1, encryption: "software").set_buffer_async_write(1, 0, 100)
            .ext4_encrypt(1, 1001).io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100).Leave(1)
            .submit_bio(bio).On("completion0").bio_endio(bio, ciphertext: [ciphertext]);
        return ciphertext ? s : s.Bug();
    }

    [Fact]
    public void Fires_when_the_disk_receives_plaintext_from_a_bounce_page() =>
        SpecRun.Fires(Spec, DiskReceives(ciphertext: false), "bio#1 wrote plaintext of software-encrypted page 1 bh0 to block 100", kind: "plaintext-on-disk");

    [Fact]
    public void Silent_when_the_disk_receives_ciphertext() =>
        SpecRun.Silent(Spec, DiskReceives(ciphertext: true));
}
