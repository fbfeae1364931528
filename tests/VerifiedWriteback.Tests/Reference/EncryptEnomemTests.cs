using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (f), finding F1: ext4_encrypt fails with -ENOMEM during a WB_SYNC_ALL (fsync)
/// writeback of a software-encrypted file (one 4K buffer, dirty+mapped at block 100;
/// faults.encrypt ["ENOMEM"] fails the first call only).
/// </summary>
public sealed class EncryptEnomemTests
{
    /// <summary>
    /// Derivation, seed (encrypt-enomem-sync-seed.json):
    ///   L65-66  bh0 marked. L71-73 enter with GFP_NOFS. L78 ext4_encrypt returns ERR_PTR(-ENOMEM).
    ///   L81-82  IS_ERR: ret = PTR_ERR = -12.
    ///   L83     ret == ENOMEM compares -12 with +12: false, although sync_mode is WB_SYNC_ALL. The
    ///           retry that c9af28fdd449 added never runs (vanilla 4.4.178 compares with -ENOMEM, page-io.c L495; the fixing commit was not identified).
    ///   L91-92  data_page = NULL; goto out.
    ///   L117    no data_page: no ext4_restore_control_page. L119 printk.
    ///   L120    redirty_page_for_writepage: pages_skipped 1, page dirty again.
    ///   L121-124 bh is head (L69): clear_buffer_async_write bh0.
    ///   L126    unlock_page. L128-129 nr_submitted 0: the writer ends writeback itself.
    ///   L130    returns -12: the fsync fails with ENOMEM. Nothing reaches the disk; bh0 stays dirty.
    /// </summary>
    [Fact]
    public void Seed_returns_minus_ENOMEM_under_WB_SYNC_ALL_finding_F1()
    {
        var r = ExampleCase.Run("encrypt-enomem-sync-seed.json");

        Assert.Null(r.Bug);
        Assert.Equal(-12, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "ext4_encrypt GFP_NOFS ret=-12",
            "printk_ratelimited ret=-12",
            "redirty_page_for_writepage",
            "clear_buffer_async_write bh0",
            "unlock_page",
            "end_page_writeback",
            "ext4_bio_write_page_return ret=-12",
        ], r.WriterSteps());
        Assert.Empty(r.All<Call.congestion_wait>());
        Assert.Empty(r.All<Call.submit_bio>());
        Assert.Empty(r.All<Call.ext4_restore_control_page>());

        Assert.Equal((Writeback: false, Dirty: true, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(0));
        Assert.Equal(1, r.Wbc.pages_skipped);
        Assert.Empty(r.Disk());
    }

    /// <summary>
    /// Derivation, upstream (encrypt-enomem-sync-upstream.json), same fault:
    ///   L73     no bio open: GFP_NOFS (547c556f4db7 uses GFP_NOWAIT only while io->io_bio is open).
    ///   L78     ext4_encrypt fails, ret = -12.
    ///   L83     ret == -ENOMEM and WB_SYNC_ALL: retry. gfp_flags = GFP_NOFS; no bio of ours is open
    ///           (nothing to submit), so __GFP_NOFAIL is added; congestion_wait; goto retry_encrypt.
    ///   L78     ext4_encrypt(GFP_NOFS|__GFP_NOFAIL) cannot fail: bounce page.
    ///   then as the software-encryption example: bounce page submitted, returns 0, ciphertext on
    ///   disk, bounce page freed before end_page_writeback.
    /// </summary>
    [Fact]
    public void Upstream_retries_with_NOFAIL_and_the_data_reaches_the_disk()
    {
        var r = ExampleCase.Run("encrypt-enomem-sync-upstream.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "ext4_encrypt GFP_NOFS ret=-12",
            "congestion_wait",
            "ext4_encrypt GFP_NOFS|__GFP_NOFAIL ret=0",
            "io_submit_add_bh bh0 bio1 bounce",
            "clear_buffer_dirty bh0",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Empty(r.All<Call.redirty_page_for_writepage>());
        var completion = r.CompletionSteps();
        Assert.Equal(["ext4_restore_control_page", "end_page_writeback"], completion[^2..]);

        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal(0, r.Wbc.pages_skipped);
        Assert.Equal([(100L, 1, true)], r.Disk());
        Assert.Empty(r.Machine.LiveBouncePages);
    }

    /// <summary>
    /// Without WB_SYNC_ALL (and no open bio) neither variant retries: L83 is false for both, the
    /// page is redirtied for a later pass and -ENOMEM returned. That is the intended behaviour;
    /// F1 is only about the integrity (WB_SYNC_ALL) case.
    /// </summary>
    [Theory]
    [InlineData("seed")]
    [InlineData("4.4-fixed")]
    public void Without_WB_SYNC_ALL_both_variants_redirty_and_return_minus_ENOMEM(string variant)
    {
        var r = ExampleCase.Run("encrypt-enomem-sync-seed.json", c => c with { Variant = variant, SyncAll = false });

        Assert.Equal(-12, r.Return);
        Assert.Single(r.All<Call.ext4_encrypt>());
        Assert.Single(r.All<Call.redirty_page_for_writepage>());
        Assert.Equal((Writeback: false, Dirty: true, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(0));
        Assert.Empty(r.Disk());
    }
}
