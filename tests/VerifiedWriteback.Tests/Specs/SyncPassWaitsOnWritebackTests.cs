namespace VerifiedWriteback.Tests.Specs;

/// <summary>SyncPassWaitsOnWriteback: a WB_SYNC_ALL pass waits for a page's earlier writeback, then writes it if dirty.</summary>
public sealed class SyncPassWaitsOnWritebackTests
{
    private const string Spec = "SyncPassWaitsOnWriteback";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, ioEnd: 1);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 1, block: 100, ioEnd: 2);

    /// <summary>The flusher (WB_SYNC_NONE) puts page 1 under writeback; bio 1 is in flight.</summary>
    private static EventScript FlusherWrites(bool redirtied) => new EventScript()
        .ext4_writepages(1)
        .lock_page(1).clear_page_dirty_for_io(1, wasDirty: true)
        .Enter(1).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .If(redirtied, s => s.redirty_page_for_writepage(1))
        .Leave(1).submit_bio(Bio1).ext4_put_io_end_defer(1, 1).ext4_writepages_return(1);

    /// <summary>
    /// An fsync's pass locks page 1 while it is under writeback and dirty again. A pass that lets
    /// it go at once (as WB_SYNC_NONE would) leaves the new data off the disk; the kernel waits
    /// first. A clean page under writeback is let go by any pass (4.4.178 fs/ext4/inode.c
    /// L2442-2448 checks PageDirty first); fsync then waits for it in filemap_fdatawait.
    /// </summary>
    private static EventScript FsyncMeetsWriteback(bool waits, bool dirty = true)
    {
        var s = FlusherWrites(redirtied: dirty).On("fsync").ext4_writepages(2, syncAll: true).lock_page(1);
        if (!waits && !dirty)
        {
            return s.unlock_page(1).ext4_put_io_end_defer(2, 0).ext4_writepages_return(2).Complete(Bio1);
        }
        if (!waits)
        {
            return s.unlock_page(1).Bug();
        }
        return s.wait_on_page_writeback(1).Complete(Bio1).On("fsync")
            .clear_page_dirty_for_io(1, wasDirty: false).unlock_page(1).ext4_put_io_end_defer(2, 0).ext4_writepages_return(2);
    }

    [Fact]
    public void Silent_when_a_sync_pass_lets_a_clean_page_under_writeback_go() =>
        SpecRun.Silent(Spec, FsyncMeetsWriteback(waits: false, dirty: false));

    [Fact]
    public void Fires_when_a_sync_pass_skips_a_page_under_writeback() =>
        SpecRun.Fires(Spec, FsyncMeetsWriteback(waits: false), "WB_SYNC_ALL pass on fsync let page 1 go while it was under writeback", kind: "skipped-under-writeback");

    [Fact]
    public void Silent_when_the_sync_pass_waits_for_the_writeback() =>
        SpecRun.Silent(Spec, FsyncMeetsWriteback(waits: true, dirty: false));

    /// <summary>
    /// The page was redirtied during the flusher's write. After the wait the fsync pass must write
    /// it again; a pass that lets the dirty page go leaves the new data off the disk.
    /// </summary>
    private static EventScript RedirtiedPage(bool writes)
    {
        var s = FlusherWrites(redirtied: true).On("fsync").ext4_writepages(2, syncAll: true).lock_page(1)
            .wait_on_page_writeback(1).Complete(Bio1).On("fsync");
        if (!writes)
        {
            return s.unlock_page(1).Bug();
        }
        return s.clear_page_dirty_for_io(1, wasDirty: true)
            .Enter(1, syncAll: true).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 2, ioEnd: 2).clear_buffer_dirty(1, 0, 100)
            .Leave(1).submit_bio(Bio2).ext4_writepages_return(2);
    }

    [Fact]
    public void Fires_when_a_sync_pass_lets_a_page_redirtied_during_writeback_go_unwritten() =>
        SpecRun.Fires(Spec, RedirtiedPage(writes: false), "WB_SYNC_ALL pass on fsync let dirty page 1 go without writing it", kind: "dirty-page-skipped");

    [Fact]
    public void Silent_when_the_sync_pass_writes_the_redirtied_page_after_the_wait() =>
        SpecRun.Silent(Spec, RedirtiedPage(writes: true));

    /// <summary>A pass that goes on with the page while its writeback is in flight (no wait at all).</summary>
    [Fact]
    public void Fires_when_a_sync_pass_clears_the_dirty_bit_of_a_page_still_under_writeback() =>
        SpecRun.Fires(Spec, FlusherWrites(redirtied: true).On("fsync").ext4_writepages(2, syncAll: true).lock_page(1)
            .clear_page_dirty_for_io(1, wasDirty: true).Bug(), "went on with page 1 (clear_page_dirty_for_io) while its earlier writeback was still in flight", kind: "no-wait");
}
