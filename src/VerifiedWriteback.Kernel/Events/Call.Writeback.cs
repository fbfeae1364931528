namespace VerifiedWriteback.Kernel;

/// <summary>The callers of the submission path: the write pass, fsync, and the environment.</summary>
public static partial class Call
{
    /// <summary>A write pass starting (ext4_writepages) with its io_end.</summary>
    public sealed record ext4_writepages(int IoEnd, bool SyncAll, bool Unwritten) : KernelEvent;

    /// <summary>The write pass returning <paramref name="Ret"/> (the first error that stopped it, or 0).</summary>
    public sealed record ext4_writepages_return(int IoEnd, bool SyncAll, int Ret) : KernelEvent;

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
