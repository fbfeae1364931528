using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// SyncPassWaitsOnWriteback: a data-integrity (WB_SYNC_ALL) writeback pass that locks a dirty page
/// still under writeback waits for that writeback to end before it goes on with the page, and then
/// writes it: it neither skips it nor writes it while
/// the earlier write is in flight; and a page whose dirty bit a pass cleared for I/O is written by
/// that pass.
/// Kernel rule: write_cache_pages (mm/page-writeback.c of the seed's tree at 0243e4cb, read by
/// function; its line numbers are not cited) locks the page, and if it is under writeback skips it
/// (goto continue_unlock) only when the pass is WB_SYNC_NONE, else wait_on_page_writeback; then
/// BUG_ON(PageWriteback) and clear_page_dirty_for_io, and writes the page when that found it
/// dirty. Its comment states the reason: fsync must start new I/O for every page that was dirty
/// when it was called. The model's pass is Writeback.cs (docs/KERNEL-MODEL.md).
/// </summary>
public sealed class SyncPassWaitsOnWriteback : Spec
{
    private readonly SortedSet<int> underWriteback = [];
    /// <summary>Pages known dirty: redirtied and not cleared for I/O since.</summary>
    private readonly SortedSet<int> dirty = [];
    /// <summary>CPUs running a WB_SYNC_ALL pass.</summary>
    private readonly SortedSet<string> syncPass = [];
    /// <summary>(cpu, page) locked by a sync pass while under writeback, not yet waited out.</summary>
    private readonly SortedSet<(string Cpu, int Page)> mustWait = [];
    /// <summary>(cpu, page) locked by a pass (after any wait): what it did with it so far.</summary>
    private readonly SortedDictionary<(string Cpu, int Page), bool> lockedByPass = [];
    /// <summary>(cpu, page) whose dirty bit the pass cleared for I/O and has not written yet.</summary>
    private readonly SortedSet<(string Cpu, int Page)> clearedForIo = [];

    public override string Checks => "a WB_SYNC_ALL pass waits for a page's earlier writeback to end, then writes it if dirty; a page cleared for I/O is written";
    public override string KernelRule => "write_cache_pages (mm/page-writeback.c, 0243e4cb): wait_on_page_writeback unless WB_SYNC_NONE, then clear_page_dirty_for_io and write";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        var cpu = e.Cpu;
        switch (e)
        {
            case Call.WritePassBegin w:
                if (w.SyncAll)
                {
                    syncPass.Add(cpu);
                }
                break;
            case Call.WritePassEnd:
                syncPass.Remove(cpu);
                break;
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite:
                underWriteback.Add(((PageEvent)e).Page);
                break;
            case Call.end_page_writeback end:
                underWriteback.Remove(end.Page);
                mustWait.RemoveWhere(k => k.Page == end.Page);
                break;
            case Call.redirty_page_for_writepage r:
                dirty.Add(r.Page);
                break;
            case Call.mark_buffer_dirty m:
                dirty.Add(m.Page);
                break;
            case Call.lock_page l when syncPass.Contains(cpu):
                lockedByPass[(cpu, l.Page)] = true;
                if (underWriteback.Contains(l.Page))
                {
                    mustWait.Add((cpu, l.Page));
                }
                break;
            case Call.clear_page_dirty_for_io c:
                if (mustWait.Contains((cpu, c.Page)))
                {
                    return Fail("no-wait", $"WB_SYNC_ALL pass on {cpu} went on with page {c.Page} (clear_page_dirty_for_io) while its earlier writeback was still in flight: it must wait_on_page_writeback first");
                }
                dirty.Remove(c.Page);
                if (c.WasDirty)
                {
                    clearedForIo.Add((cpu, c.Page));
                }
                break;
            case Call.ext4_bio_write_page w:
                clearedForIo.Remove((cpu, w.Page));
                break;
            case Call.unlock_page u when lockedByPass.Remove((cpu, u.Page)):
                // 4.4's mpage_prepare_extent_to_map checks PageDirty before PageWriteback (4.4.178
                // fs/ext4/inode.c L2442-2448): a clean page under writeback is let go by any pass
                // (fsync then waits for it in filemap_fdatawait); only a dirty one must be waited on.
                if (mustWait.Remove((cpu, u.Page)) && dirty.Contains(u.Page))
                {
                    return Fail("skipped-under-writeback", $"WB_SYNC_ALL pass on {cpu} let page {u.Page} go while it was under writeback, without waiting for that writeback and writing the page");
                }
                if (clearedForIo.Remove((cpu, u.Page)))
                {
                    return Fail("cleared-not-written", $"the pass on {cpu} cleared page {u.Page}'s dirty bit for I/O and let it go without writing it");
                }
                if (syncPass.Contains(cpu) && dirty.Contains(u.Page) && !underWriteback.Contains(u.Page))
                {
                    return Fail("dirty-page-skipped", $"WB_SYNC_ALL pass on {cpu} let dirty page {u.Page} go without writing it");
                }
                break;
        }
        return null;
    }
}
