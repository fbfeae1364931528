using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>mm/ helpers of 4.4: page flags (mm/page-writeback.c, mm/filemap.c) and mm/mempool.c.</summary>
public sealed partial class Linux
{
    /// <summary>
    /// set_page_writeback (include/linux/page-flags.h, 4.4.178 L386-389): __test_set_page_writeback(page, false).
    /// The event carries the page flags before and after (PageFlagContract).
    /// </summary>
    public async ValueTask set_page_writeback(page page)
    {
        var before = page.Flags;
        __test_set_page_writeback(page, keep_write: false);
        BreakStartedWriteback(page, before);
        Trace(new Call.set_page_writeback(page.Id, page.TagTowrite) { Flags = new(before, page.Flags) });
        await Cpu.InterleaveAsync(nameof(set_page_writeback));
    }

    /// <summary>set_page_writeback_keepwrite (page-flags.h L391-394): __test_set_page_writeback(page, true), the TOWRITE tag stays.</summary>
    public async ValueTask set_page_writeback_keepwrite(page page)
    {
        var before = page.Flags;
        __test_set_page_writeback(page, keep_write: true);
        BreakStartedWriteback(page, before);
        Trace(new Call.set_page_writeback_keepwrite(page.Id, page.TagTowrite) { Flags = new(before, page.Flags) });
        await Cpu.InterleaveAsync(nameof(set_page_writeback_keepwrite));
    }

    /// <summary>Test-only breakage of __test_set_page_writeback's flag effects (<see cref="Variants.Breakage"/>); nothing for a shipped variant.</summary>
    private void BreakStartedWriteback(page page, PageFlags before)
    {
        if (Variant.Breaks.StartWritebackLeavesFlagClear)
            page.PG_writeback = before.HasFlag(PageFlags.writeback);
        page.PG_dirty &= !Variant.Breaks.StartWritebackClearsDirty;
    }

    /// <summary>
    /// __test_set_page_writeback (mm/page-writeback.c, 4.4.178 L2764-2804, under tree_lock): set
    /// PG_writeback and the WRITEBACK tag (L2777-2781); clear the DIRTY tag if the page is clean
    /// (L2785-2788); clear the TOWRITE tag unless keep_write (L2789-2792). 6.1.141
    /// __folio_start_writeback L2994-3021 and 6.18.2 L3044-3061 have the same three rules.
    /// </summary>
    public static void __test_set_page_writeback(page page, bool keep_write)
    {
        page.PG_writeback = true;
        page.TagWriteback = true;
        if (!page.PG_dirty)
            page.TagDirty = false;
        if (!keep_write)
            page.TagTowrite = false;
    }

    /// <summary>
    /// tag_pages_for_writeback (mm/page-writeback.c, 4.4.178 L2107-2123): every page of the range
    /// carrying the DIRTY tag gets the TOWRITE tag (L2115-2117); the flags are not read.
    /// </summary>
    public void tag_pages_for_writeback(IReadOnlyList<page> pages)
    {
        var tagged = new List<int>();
        foreach (var page in pages.Where(p => p.TagDirty))
        {
            page.TagTowrite = true;
            tagged.Add(page.Id);
        }
        Trace(new Call.tag_pages_for_writeback(tagged));
    }

    /// <summary>
    /// __set_page_dirty_nobuffers (mm/page-writeback.c, 4.4.178 L2472-2502): if PG_dirty was clear,
    /// set it and the DIRTY tag (L2490-2491); the TOWRITE tag is never set here.
    /// </summary>
    public static void __set_page_dirty_nobuffers(page page)
    {
        if (page.PG_dirty)
            return;
        page.PG_dirty = true;
        page.TagDirty = true;
    }

    /// <summary>
    /// end_page_writeback (mm/filemap.c, 4.4.178 L830-849): test_clear_page_writeback clears
    /// PG_writeback, BUG() if it was not set (L844-845), then the waiters are woken (L848). The
    /// event, with the flags before and after, is recorded before the BUG so a spec names the fault first.
    /// </summary>
    public async ValueTask end_page_writeback(page page)
    {
        var before = page.Flags;
        page.PG_reclaim = false;                                                 // 4.4.178 mm/filemap.c L839-841 (then rotate_reclaimable_page)
        if (!Variant.Breaks.EndWritebackLeavesFlagSet)
            page.PG_writeback = false;                                           // test_clear_page_writeback (4.4.178 L2726-2762):
        page.TagWriteback = false;                                               // the WRITEBACK tag goes with the flag (L2739-2743)
        Trace(new Call.end_page_writeback(page.Id, WasUnderWriteback: before.HasFlag(PageFlags.writeback)) { Flags = new(before, page.Flags) });
        KernelBug.BUG_ON(!before.HasFlag(PageFlags.writeback), $"end_page_writeback on {page} not under writeback");
        await wake_up_all(page.WritebackWait);
    }

    public void ClearPageError(page page)
    {
        page.PG_error = false;
        Trace(new Call.ClearPageError(page.Id));
    }

    public void SetPageError(page page)
    {
        page.PG_error = true;
        Trace(new Call.SetPageError(page.Id));
    }

    /// <summary>mapping_set_error (include/linux/pagemap.h, 4.4.178 L30-38): -ENOSPC sets AS_ENOSPC, any other error AS_EIO.</summary>
    public void mapping_set_error(address_space mapping, int error, int pageId)
    {
        if (error == -Errno.ENOSPC)
            mapping.AS_ENOSPC = true;
        else
            mapping.AS_EIO = true;
        Trace(new Call.mapping_set_error(pageId, error));
    }

    /// <summary>zero_user_segment (include/linux/highmem.h): zero bytes [from, to) of the page.</summary>
    public void zero_user_segment(page page, int from, int to)
    {
        page.ZeroedFrom = Math.Min(page.ZeroedFrom, from);
        Trace(new Call.zero_user_segment(page.Id, from, to));
    }

    /// <summary>lock_page (include/linux/pagemap.h): sleeps while another context holds the lock.</summary>
    public async ValueTask lock_page(page page)
    {
        while (page.PG_locked)
        {
            page.LockWait.Sleepers.Add(Cpu);
            await Cpu.SleepAsync(page.LockWait, $"lock_page({page})");
        }
        page.PG_locked = true;
        Trace(new Call.lock_page(page.Id));
    }

    /// <summary>unlock_page (mm/filemap.c): VM_BUG_ON_PAGE(!PageLocked) then wake lock waiters.</summary>
    public async ValueTask unlock_page(page page)
    {
        Trace(new Call.unlock_page(page.Id, WasLocked: page.PG_locked));
        KernelBug.BUG_ON(!page.PG_locked, $"unlock_page on unlocked {page}");
        page.PG_locked = false;
        await wake_up_all(page.LockWait);
    }

    /// <summary>wait_on_page_writeback (include/linux/pagemap.h): sleep until PG_writeback clears.</summary>
    public async ValueTask wait_on_page_writeback(page page)
    {
        while (page.PG_writeback)
        {
            page.WritebackWait.Sleepers.Add(Cpu);
            Trace(new Call.wait_on_page_writeback(page.Id));
            await Cpu.SleepAsync(page.WritebackWait, $"wait_on_page_writeback({page})");
        }
    }

    /// <summary>
    /// redirty_page_for_writepage (mm/page-writeback.c, 4.4.178 L2536-2544): pages_skipped++ (L2540)
    /// and __set_page_dirty_nobuffers (L2541): PG_dirty and the DIRTY tag, not TOWRITE.
    /// </summary>
    public void redirty_page_for_writepage(writeback_control wbc, page page)
    {
        var before = page.Flags;
        wbc.pages_skipped++;
        if (!Variant.Breaks.RedirtyLeavesPageClean)
            __set_page_dirty_nobuffers(page);
        Trace(new Call.redirty_page_for_writepage(page.Id) { Flags = new(before, page.Flags) });
    }

    /// <summary>
    /// clear_page_dirty_for_io (mm/page-writeback.c, 4.4.178 L2662-2723): BUG_ON(!PageLocked) (L2667);
    /// clears PG_dirty only and returns whether it was set (L2712, L2722); the DIRTY tag stays on
    /// purpose (comment at L2652-2660), to be brought in line by set_page_writeback or a later
    /// set_page_dirty. The event, with the flags before and after, is recorded before the BUG.
    /// </summary>
    public bool clear_page_dirty_for_io(page page)
    {
        var before = page.Flags;
        var wasDirty = page.PG_dirty;
        if (!Variant.Breaks.ClearDirtyForIoLeavesDirty)
            page.PG_dirty = false;
        Trace(new Call.clear_page_dirty_for_io(page.Id, wasDirty) { Flags = new(before, page.Flags) });
        KernelBug.BUG_ON(!before.HasFlag(PageFlags.locked), $"clear_page_dirty_for_io on unlocked {page}");
        return wasDirty;
    }

    /// <summary>
    /// mempool_alloc (mm/mempool.c, 4.4): first the allocator without reclaim, then the reserve;
    /// without __GFP_DIRECT_RECLAIM it fails; with it, it sleeps until an element is returned and
    /// tries again. The allocator always fails under memory pressure (only reserves remain).
    /// </summary>
    public async ValueTask<bool> mempool_alloc(mempool_t pool, gfp_t gfp_mask)
    {
        while (true)
        {
            if (!Machine.MemoryPressure)
            {
                pool.InUse++;
                return true;
            }
            if (pool.curr_nr > 0)
            {
                pool.curr_nr--;
                pool.InUse++;
                return true;
            }
            if (!Gfp.gfpflags_allow_blocking(gfp_mask))
            {
                return false;
            }
            pool.wait.Sleepers.Add(Cpu);
            Trace(new Call.mempool_alloc(pool.Name, gfp_mask));
            await Cpu.SleepAsync(pool.wait, $"mempool_alloc({pool.Name}, {Gfp.Name(gfp_mask)})");
        }
    }

    /// <summary>mempool_free (mm/mempool.c): refill the reserve first and wake its sleepers.</summary>
    public async ValueTask mempool_free(mempool_t pool)
    {
        KernelBug.BUG_ON(pool.InUse <= 0, $"mempool_free on {pool.Name} with nothing allocated");
        pool.InUse--;
        if (pool.curr_nr < pool.min_nr)
        {
            pool.curr_nr++;
            await wake_up_all(pool.wait);
        }
    }
}
