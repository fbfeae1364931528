using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// PageFlagContract: each mm call the writeback path makes does to PG_writeback, PG_dirty and
/// PG_locked exactly what Linux 4.4 documents, judged on the flags the call itself found and left
/// (<see cref="PageFlagEvent.Flags"/>, read from the page in the step that changed it):
/// set_page_writeback and set_page_writeback_keepwrite set PG_writeback; end_page_writeback clears
/// it; clear_page_dirty_for_io clears PG_dirty, on a locked page; redirty_page_for_writepage sets
/// PG_dirty; and none of them touches another of the three flags. The other specs judge what the
/// calls mean (a writeback begun and ended, a page cleaned or redirtied) from the events alone, so a
/// call that records its event but leaves the flag wrong was invisible to them: the next writer,
/// waiter or pass then acts on a stale flag (a page stuck in writeback, a redirtied page no pass
/// writes, a cleaned page written twice).
/// Kernel rule (MichaelTong/linux-4.4.178 @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c):
/// include/linux/page-flags.h L386-394 (set_page_writeback[_keepwrite] is __test_set_page_writeback);
/// mm/page-writeback.c L2777 (TestSetPageWriteback), L2739 (TestClearPageWriteback in
/// test_clear_page_writeback), L2667 (clear_page_dirty_for_io: BUG_ON(!PageLocked)), L2712 and
/// L2722 (TestClearPageDirty), L2541 and L2477 (redirty_page_for_writepage: __set_page_dirty_nobuffers,
/// TestSetPageDirty); mm/filemap.c L844-845 (end_page_writeback: test_clear_page_writeback, else BUG).
/// Its other preconditions are other specs' kinds: a page enters writeback locked and not under
/// writeback (PageLockDiscipline/entered-*, seed L17-18; WritebackEndsOnce/started-twice), writeback
/// ends only once (WritebackEndsOnce/ended-twice, filemap.c L844-845), a sync pass waits before it
/// clears the dirty bit (SyncPassWaitsOnWriteback/no-wait, fs/ext4/inode.c L2450).
/// Stateless: one type test per event, a few bit operations per flag-changing call.
/// </summary>
public sealed class PageFlagContract : Spec
{
    private const PageFlags All = PageFlags.locked | PageFlags.writeback | PageFlags.dirty;

    public override string Checks => "set/end_page_writeback, clear_page_dirty_for_io and redirty_page_for_writepage change exactly their own page flag (clear_page_dirty_for_io on a locked page)";
    public override string KernelRule => "4.4.178 mm/page-writeback.c L2777, L2739, L2667, L2712/L2722, L2541/L2477; mm/filemap.c L844-845; page-flags.h L386-394";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        if (e is not PageFlagEvent { Flags: { } f } call)
        {
            return null;
        }
        var (before, after) = (f.Before, f.After);
        var page = call.Page;
        PageFlags own;
        switch (call)
        {
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite:
                own = PageFlags.writeback;
                if (!after.HasFlag(PageFlags.writeback))
                {
                    return Fail("writeback-not-set", $"{EventWire.Name(call)} left PG_writeback of page {page} clear: the page is written with no writeback to wait for or end");
                }
                break;
            case Call.end_page_writeback:
                own = PageFlags.writeback;
                if (after.HasFlag(PageFlags.writeback))
                {
                    return Fail("writeback-not-cleared", $"end_page_writeback left PG_writeback of page {page} set: its waiters and the next writer see a writeback that has ended");
                }
                break;
            case Call.clear_page_dirty_for_io:
                own = PageFlags.dirty;
                if (!before.HasFlag(PageFlags.locked))
                {
                    return Fail("clear-dirty-unlocked", $"clear_page_dirty_for_io on page {page} while it is not locked (the kernel BUG_ON(!PageLocked)): a write(2) can dirty it between the clear and the write");
                }
                if (after.HasFlag(PageFlags.dirty))
                {
                    return Fail("dirty-not-cleared", $"clear_page_dirty_for_io left PG_dirty of page {page} set: the page handed to writeback still reads as dirty");
                }
                break;
            case Call.redirty_page_for_writepage:
                own = PageFlags.dirty;
                if (!after.HasFlag(PageFlags.dirty))
                {
                    return Fail("dirty-not-set", $"redirty_page_for_writepage left PG_dirty of page {page} clear: no later pass writes the data it gave up on");
                }
                break;
            default:
                return null;
        }
        var others = All & ~own;
        if ((before & others) != (after & others))
        {
            return Fail("flag-side-effect", $"{EventWire.Name(call)} changed page {page}'s {(before ^ after) & others} (flags {before} before, {after} after): it may change only {own}");
        }
        return null;
    }
}
