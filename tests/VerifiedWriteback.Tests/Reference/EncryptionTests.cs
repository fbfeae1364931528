using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (e): software encryption sends the bounce page (ciphertext) to disk; hardware (ICE)
/// encryption sends the page-cache page itself. 4.4 requires blocksize == PAGE_SIZE for
/// encryption, so these cases have one 4K buffer (dirty, mapped, block 100).
/// </summary>
public sealed class EncryptionTests
{
    /// <summary>
    /// Derivation, case encrypt-software.json:
    ///   L65-66  bh0 marked, nr_to_submit 1.
    ///   L71-72  encrypted, regular, nr_to_submit: enter. L73 gfp_flags = GFP_NOFS.
    ///   L77-78  not hardware: data_page = ext4_encrypt(inode, page, GFP_NOFS) = bounce page 1001.
    ///   L81     not an error.
    ///   L100-101 data_page is set: io_submit_add_bh gets the bounce page. L111 clear_buffer_dirty.
    ///   L126    unlock_page; returns 0.
    /// Completion: the disk receives the bounce page's ciphertext. ext4_finish_bio sees a page
    /// without mapping (page-io.c:84), follows page_private to the ctx and its control page (the
    /// page-cache page), clears bh0's async bit, under_io 0: ext4_restore_control_page frees the
    /// bounce page (:118-119), THEN end_page_writeback (:121).
    /// </summary>
    [Fact]
    public void Software_encryption_submits_the_bounce_page_and_frees_it_at_completion()
    {
        var r = ExampleCase.Run("encrypt-software.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "ext4_encrypt GFP_NOFS ret=0",
            "io_submit_add_bh bh0 bio1 bounce",
            "clear_buffer_dirty bh0",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Equal(
        [
            "submit_bio bio1 [100] bounce",
            "ext4_put_io_end_defer ret=1",
            "bio_endio bio1 [100] bounce",
            "ext4_end_bio bio1",
            "ext4_put_io_end_defer ret=0",
            "ext4_release_io_end",
            "ext4_finish_bio bio1",
            "clear_buffer_async_write bh0",
            "ext4_restore_control_page",
            "end_page_writeback",
        ], r.CompletionSteps());

        var bounce = Assert.Single(r.All<Call.ext4_encrypt>()).Bounce;
        Assert.NotNull(bounce);
        Assert.Equal(bounce, Assert.Single(r.All<Call.ext4_restore_control_page>()).Bounce);
        Assert.True(Assert.Single(Assert.Single(r.All<Call.submit_bio>()).Segments).Bounce);
        Assert.Empty(r.Machine.LiveBouncePages);
        Assert.Equal(0, r.Machine.ext4_bounce_page_pool.InUse);

        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal([(100L, 1, true)], r.Disk());
    }

    /// <summary>
    /// Derivation, case encrypt-hardware.json: as above to L73, but L77
    /// ext4_using_hardware_encryption is true, so ext4_encrypt is never called and data_page stays
    /// NULL; L81 IS_ERR(NULL) is false; L101 hands the page-cache page itself to the bio (the ICE
    /// engine encrypts it in flight). Completion finds a mapped page: no restore, just
    /// end_page_writeback.
    /// </summary>
    [Fact]
    public void Hardware_encryption_submits_the_page_itself()
    {
        var r = ExampleCase.Run("encrypt-hardware.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "io_submit_add_bh bh0 bio1 page",
            "clear_buffer_dirty bh0",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Equal("submit_bio bio1 [100] page", r.CompletionSteps()[0]);
        Assert.Empty(r.All<Call.ext4_encrypt>());
        Assert.Empty(r.All<Call.ext4_restore_control_page>());
        Assert.Single(r.All<Call.end_page_writeback>());
        Assert.Equal(0, r.Machine.ext4_bounce_page_pool.InUse);
        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        // The disk's "ciphertext" flag records what the bio's memory held (plaintext here; the ICE
        // engine's inline encryption is not modelled), so only block and version are asserted.
        Assert.Equal([(100L, 1)], r.Disk().Select(d => (d.Block, d.Version)));
    }

    /// <summary>
    /// L71 also requires S_ISREG: the page of an encrypted inode that is not a regular file is
    /// never bounced by this function, so the page itself goes out.
    /// </summary>
    [Fact]
    public void Software_encryption_of_a_non_regular_inode_submits_the_page_itself()
    {
        var r = ExampleCase.Run("encrypt-software.json", c => c with { Regular = false });

        Assert.Equal(0, r.Return);
        Assert.Empty(r.All<Call.ext4_encrypt>());
        Assert.Equal(BioData.page, Assert.Single(r.All<Call.submit_bio>()).Data);
        Assert.Equal([(100L, 1, false)], r.Disk());
    }
}
