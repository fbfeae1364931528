namespace VerifiedWriteback.Kernel;

/// <summary>The callers of the submission path: the write pass, fsync, and the environment.</summary>
public static partial class Call
{
    /// <summary>
    /// A write pass beginning: a caller of the submission function sets up its io with a fresh io_end
    /// (ext4_writepages for a range, ext4_writepage for one page). The specs scope what a pass owns
    /// (its io_end reference, its open bio, a data-integrity pass's duty to wait) by these events.
    /// </summary>
    public abstract record WritePassBegin(int IoEnd, bool SyncAll) : KernelEvent;

    /// <summary>The write pass of this CPU returning <paramref name="Ret"/>.</summary>
    public abstract record WritePassEnd(bool SyncAll, int Ret) : KernelEvent;

    /// <summary>A write pass starting (ext4_writepages) with its io_end.</summary>
    public sealed record ext4_writepages(int IoEnd, bool SyncAll, bool Unwritten) : WritePassBegin(IoEnd, SyncAll);

    /// <summary>The write pass returning <paramref name="Ret"/> (the first error that stopped it, or 0).</summary>
    public sealed record ext4_writepages_return(int IoEnd, bool SyncAll, int Ret) : WritePassEnd(SyncAll, Ret);

    /// <summary>ext4_writepage's own io_end (4.4.178 fs/ext4/inode.c L1938): the one-page pass begins.</summary>
    public sealed record ext4_init_io_end(int IoEnd, bool SyncAll) : WritePassBegin(IoEnd, SyncAll);

    /// <summary>ext4_journal_start_with_reserve: the pass may sleep here, between tagging and lookup.</summary>
    public sealed record ext4_journal_start_with_reserve(int IoEnd) : KernelEvent;

    /// <summary>tag_pages_for_writeback: the pages whose DIRTY tag was copied to TOWRITE.</summary>
    public sealed record tag_pages_for_writeback(IReadOnlyList<int> Pages) : KernelEvent;

    /// <summary>filemap_fdatawait_range's wait found PG_error set on <paramref name="Page"/> (TestClearPageError: -EIO).</summary>
    public sealed record TestClearPageError(int Page) : PageEvent(Page);

    /// <summary>An fsync starting, with the buffers that were dirty at its start.</summary>
    public sealed record fsync(IReadOnlyList<BufferVersion> Dirty) : KernelEvent;

    /// <summary>fsync returning <paramref name="Ret"/>.</summary>
    public sealed record fsync_return(int Ret) : KernelEvent;

    /// <summary>Memory pressure turning on or off (the allocator fails without reclaim while on).</summary>
    public sealed record memory_pressure(bool On) : KernelEvent;
}
