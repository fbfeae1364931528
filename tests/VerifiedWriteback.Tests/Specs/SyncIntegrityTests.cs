using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>SyncIntegrity: WB_SYNC_ALL never fails on ENOMEM; keep_towrite keeps TOWRITE; fsync success means the data is on disk.</summary>
public sealed class SyncIntegrityTests
{
    private const string Spec = "SyncIntegrity";

    private static readonly BioShape Bounced = BioShape.Of(1, page: 1, block: 100, bounce: true);

    /// <summary>
    /// F1: a WB_SYNC_ALL writeback of a software-encrypted page whose ext4_encrypt fails with
    /// -ENOMEM. The seed compares with ENOMEM (missing minus, L83), so the __GFP_NOFAIL retry never
    /// runs and the fsync fails. The -ENOMEM compare (as in 4.4.178 page-io.c L495) retries and the second attempt cannot fail.
    /// </summary>
    private static EventScript SyncEncryptEnomem(bool syncAll, bool retries)
    {
        var s = new EventScript()
            .ext4_bio_write_page(1, syncAll: syncAll, towrite: syncAll, encryption: "software").set_page_writeback(1).ClearPageError(1)
            .set_buffer_async_write(1, 0, 100)
            .ext4_encrypt_fails(1);
        return retries
            ? s.congestion_wait().ext4_encrypt(1, 1001)
                .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100)
                .Leave(1)
                .submit_bio(Bounced).Complete(Bounced, bounce: 1001)
            : s.redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
                .unlock_page(1).end_page_writeback(1)
                .ext4_bio_write_page_return(1, -Errno.ENOMEM).Bug();
    }

    [Fact]
    public void Fires_when_a_data_integrity_writeback_fails_with_ENOMEM() =>
        SpecRun.Fires(Spec, SyncEncryptEnomem(syncAll: true, retries: false),
            "WB_SYNC_ALL writeback of page 1 failed with -ENOMEM: a data-integrity sync must retry");

    [Fact]
    public void Silent_when_the_data_integrity_writeback_retries_the_allocation() =>
        SpecRun.Silent(Spec, SyncEncryptEnomem(syncAll: true, retries: true));

    [Fact]
    public void Silent_when_a_background_writeback_gives_up_on_ENOMEM_and_redirties() =>
        SpecRun.Silent(Spec, SyncEncryptEnomem(syncAll: false, retries: false));

    /// <summary>
    /// The flusher writes a page with keep_towrite while an fsync has tagged it TOWRITE. A writer
    /// that ignores keep_towrite (seed L20-23 always taking set_page_writeback) clears the tag, so
    /// the running WB_SYNC_ALL pass skips the page. <paramref name="tagAfter"/> is what the call it
    /// makes leaves of the tag.
    /// </summary>
    private static EventScript KeepTowrite(string call, bool tagAfter) => new EventScript()
        .ext4_bio_write_page(1, keepTowrite: true, towrite: true)
        .If(call == "set_page_writeback",
            s => s.set_page_writeback(1),
            s => s.set_page_writeback_keepwrite(1, towrite: tagAfter))
        .Bug()
        .ClearPageError(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1);

    [Fact]
    public void Fires_when_keep_towrite_is_ignored_and_set_page_writeback_clears_the_tag() =>
        SpecRun.Fires(Spec, KeepTowrite("set_page_writeback", tagAfter: false),
            "keep_towrite writeback of page 1 cleared its TOWRITE tag: a running WB_SYNC_ALL pass will skip it");

    [Fact]
    public void Fires_when_set_page_writeback_keepwrite_clears_the_tag() =>
        // A set_page_writeback_keepwrite that drops PAGECACHE_TAG_TOWRITE like set_page_writeback.
        SpecRun.Fires(Spec, KeepTowrite("set_page_writeback_keepwrite", tagAfter: false),
            "set_page_writeback_keepwrite cleared the TOWRITE tag of page 1");

    [Fact]
    public void Silent_when_set_page_writeback_keepwrite_keeps_the_tag() =>
        SpecRun.Silent(Spec, KeepTowrite("set_page_writeback_keepwrite", tagAfter: true));

    [Fact]
    public void Silent_when_set_page_writeback_clears_the_tag_without_keep_towrite() =>
        SpecRun.Silent(Spec, new EventScript()
            .ext4_bio_write_page(1, syncAll: true, towrite: true).set_page_writeback(1).ClearPageError(1)
            .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
            .Leave(1));

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);

    /// <summary>
    /// fsync of a file whose page 1 (block 100) is dirty at version 2. An fsync that does not
    /// wait on writeback (filemap_fdatawait skipped) returns 0 while its bio is still in flight;
    /// the fix waits for the completion. <paramref name="ioError"/> fails the bio instead.
    /// </summary>
    private static EventScript Fsync(bool waits, int ioError = 0)
    {
        var s = new EventScript()
            .On("fsync").fsync(new BufferVersion(1, 0, 100, 2))
            .lock_page(1)
            .ext4_bio_write_page(1, syncAll: true, towrite: true).set_page_writeback(1).ClearPageError(1)
            .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1, version: 2).clear_buffer_dirty(1, 0, 100, version: 2)
            .Leave(1)
            .submit_bio(Bio1);
        return waits
            ? s.On("completion0").bio_endio(Bio1, ioError, [2]).ext4_end_bio(Bio1, ioError)
                .If(ioError != 0, x => x.mapping_set_error(1, ioError))
                .ext4_finish_bio(Bio1, ioError)
                .If(ioError != 0, x => x.SetPageError(1))
                .clear_buffer_async_write(1, 0, 100).end_page_writeback(1)
                .On("fsync").fsync_return(ioError)
            : s.fsync_return(0).Bug();
    }

    [Fact]
    public void Fires_when_fsync_returns_0_before_its_data_reached_the_disk() =>
        SpecRun.Fires(Spec, Fsync(waits: false), "fsync returned 0 but page 1 bh0 (dirty at its start, v2) is not on disk at block 100");

    [Fact]
    public void Silent_when_fsync_waits_for_the_data_to_reach_the_disk() =>
        SpecRun.Silent(Spec, Fsync(waits: true));

    [Fact]
    public void Silent_when_fsync_reports_the_IO_error_that_kept_its_data_off_the_disk() =>
        SpecRun.Silent(Spec, Fsync(waits: true, ioError: -Errno.EIO));

    [Fact]
    public void Silent_when_fsync_returns_an_error_though_no_page_error_was_recorded() =>
        // An fsync that fails for a reason outside this path (say -EIO from an aborted journal)
        // tells its caller; the data not being on disk is then no lie, page error or not.
        SpecRun.Silent(Spec, new EventScript()
            .On("fsync").fsync(new BufferVersion(1, 0, 100, 2))
            .fsync_return(-Errno.EIO));

    [Fact]
    public void Fires_when_fsync_returns_0_and_the_disk_holds_an_older_version() =>
        // The only write that reached block 100 during the fsync carried version 1 (an older write
        // of the flusher), the fsync's own pass skipped the page: success is a lie.
        SpecRun.Fires(Spec, new EventScript()
            .On("fsync").fsync(new BufferVersion(1, 0, 100, 2))
            .On("completion0").bio_endio(Bio1, 0, [1])
            .On("fsync").fsync_return(0).Bug(),
            "fsync returned 0 but page 1 bh0 (dirty at its start, v2) is not on disk at block 100");
}
