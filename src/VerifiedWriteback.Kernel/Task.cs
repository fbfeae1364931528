namespace VerifiedWriteback.Kernel;

/// <summary>
/// The bits of current-&gt;flags (include/linux/sched.h) the writeback path reads. kswapd runs with
/// PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD in 4.4.178 (mm/vmscan.c L3454) and PF_MEMALLOC | PF_KSWAPD
/// in 6.1.141 (L7373); every other modelled CPU runs with none.
/// </summary>
[Flags]
public enum task_flags
{
    None = 0,
    /// <summary>The task is itself freeing memory: its allocations may use the reserves but never enter reclaim.</summary>
    PF_MEMALLOC = 1 << 0,
    /// <summary>Allowed to write pages out (4.4's may_write_to_inode).</summary>
    PF_SWAPWRITE = 1 << 1,
    /// <summary>The task is kswapd.</summary>
    PF_KSWAPD = 1 << 2,
}

/// <summary>pageout()'s outcome (4.4.178 mm/vmscan.c L530-539; 6.1.141 and 6.18.2 have the same four).</summary>
public enum pageout_t
{
    /// <summary>Failed to write the page out; the page is locked.</summary>
    PAGE_KEEP,
    /// <summary>Move the page to the active list; the page is locked.</summary>
    PAGE_ACTIVATE,
    /// <summary>The page has been sent to the disk; the page is unlocked.</summary>
    PAGE_SUCCESS,
    /// <summary>The page is clean and locked.</summary>
    PAGE_CLEAN,
}
