namespace VerifiedWriteback.Kernel;

/// <summary>The callers of the submission path: the write pass, fsync, and the environment.</summary>
public static partial class Call
{
    /// <summary>A write pass starting (ext4_writepages) with its io_end.</summary>
    public sealed record ext4_writepages(int IoEnd, bool SyncAll, bool Unwritten) : KernelEvent;

    /// <summary>The write pass returning.</summary>
    public sealed record ext4_writepages_return(int IoEnd) : KernelEvent;

    /// <summary>An fsync starting, with the buffers that were dirty at its start.</summary>
    public sealed record fsync(IReadOnlyList<BufferVersion> Dirty) : KernelEvent;

    /// <summary>fsync returning <paramref name="Ret"/>.</summary>
    public sealed record fsync_return(int Ret) : KernelEvent;

    /// <summary>Memory pressure turning on or off (the allocator fails without reclaim while on).</summary>
    public sealed record memory_pressure(bool On) : KernelEvent;
}
