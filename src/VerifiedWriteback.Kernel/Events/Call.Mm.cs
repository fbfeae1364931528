namespace VerifiedWriteback.Kernel;

/// <summary>mm/: page flags and page-cache tags (mm/page-writeback.c, mm/filemap.c), mm/mempool.c.</summary>
public static partial class Call
{
    /// <summary>set_page_writeback, with the page's TOWRITE tag after the call.</summary>
    public sealed record set_page_writeback(int Page, bool Towrite) : PageFlagEvent(Page);

    /// <summary>set_page_writeback_keepwrite, with the page's TOWRITE tag after the call.</summary>
    public sealed record set_page_writeback_keepwrite(int Page, bool Towrite) : PageFlagEvent(Page);

    /// <summary>end_page_writeback; <paramref name="WasUnderWriteback"/> false is the kernel BUG.</summary>
    public sealed record end_page_writeback(int Page, bool WasUnderWriteback) : PageFlagEvent(Page);

    public sealed record ClearPageError(int Page) : PageEvent(Page);

    public sealed record SetPageError(int Page) : PageEvent(Page);

    /// <summary>mapping_set_error for the mapping of <paramref name="Page"/>.</summary>
    public sealed record mapping_set_error(int Page, int Error) : PageEvent(Page);

    /// <summary>zero_user_segment: bytes [From, To) of the page zeroed.</summary>
    public sealed record zero_user_segment(int Page, int From, int To) : PageEvent(Page);

    public sealed record lock_page(int Page) : PageEvent(Page);

    /// <summary>unlock_page; <paramref name="WasLocked"/> false is the kernel BUG.</summary>
    public sealed record unlock_page(int Page, bool WasLocked) : PageEvent(Page);

    /// <summary>wait_on_page_writeback going to sleep.</summary>
    public sealed record wait_on_page_writeback(int Page) : PageEvent(Page);

    public sealed record redirty_page_for_writepage(int Page) : PageFlagEvent(Page);

    /// <summary>clear_page_dirty_for_io, returning whether the page was dirty.</summary>
    public sealed record clear_page_dirty_for_io(int Page, bool WasDirty) : PageFlagEvent(Page);

    /// <summary>mempool_alloc going to sleep on the empty pool <paramref name="Pool"/>.</summary>
    public sealed record mempool_alloc(string Pool, gfp_t Gfp) : KernelEvent;
}
