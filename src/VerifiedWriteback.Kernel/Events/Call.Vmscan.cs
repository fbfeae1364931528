namespace VerifiedWriteback.Kernel;

/// <summary>Memory reclaim (mm/vmscan.c) and ext4's single-page writer, ext4_writepage (fs/ext4/inode.c).</summary>
public static partial class Call
{
    /// <summary>trylock_page: <paramref name="Acquired"/> false when another context held the lock (the caller does not sleep).</summary>
    public sealed record trylock_page(int Page, bool Acquired) : PageEvent(Page);

    public sealed record SetPageReclaim(int Page) : PageEvent(Page);

    public sealed record ClearPageReclaim(int Page) : PageEvent(Page);

    /// <summary>shrink_page_list taking up the page (reclaim's scan number <paramref name="Scan"/>).</summary>
    public sealed record shrink_page_list(int Page, int Scan) : PageEvent(Page);

    /// <summary>shrink_page_list done with the page: the label it left by (keep, keep_locked, activate_locked, free_it).</summary>
    public sealed record shrink_page_list_return(int Page, string Label) : PageEvent(Page);

    /// <summary>pageout returning its outcome for the page.</summary>
    public sealed record pageout(int Page, pageout_t Ret) : PageEvent(Page);

    /// <summary>ext4_writepage called on a locked page whose dirty bit its caller cleared; <paramref name="ForReclaim"/> is wbc-&gt;for_reclaim.</summary>
    public sealed record ext4_writepage(int Page, bool ForReclaim) : PageEvent(Page);

    /// <summary>ext4_writepage returning <paramref name="Ret"/>.</summary>
    public sealed record ext4_writepage_return(int Page, bool SyncAll, int Ret) : WritePassEnd(SyncAll, Ret)
    {
        public override int? SubjectPage => Page;
    }
}
