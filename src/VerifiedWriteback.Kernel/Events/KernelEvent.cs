namespace VerifiedWriteback.Kernel;

/// <summary>
/// One kernel-visible action, recorded by the kernel function that performed it. Each call is its
/// own sealed record under <see cref="Call"/>, named after the kernel function, with exactly the
/// arguments that matter for it. Specs, explain and the oracles switch on the type; the call's
/// name as a string exists only in <see cref="EventWire"/>, where events are written out.
/// </summary>
public abstract record KernelEvent
{
    /// <summary>Position in the run, from 1; set by <see cref="Machine.Trace"/>.</summary>
    public int Seq { get; init; }

    /// <summary>The CPU (actor) the call ran on: "writer0", "completion1", ...</summary>
    public string Cpu { get; init; } = "";

    /// <summary>The page-cache page the call is about, if one (a bio's is the page of its first segment).</summary>
    public virtual int? SubjectPage => null;
}

/// <summary>A call about one page-cache page (by page id).</summary>
public abstract record PageEvent(int Page) : KernelEvent
{
    public override int? SubjectPage => Page;
}

/// <summary>
/// An mm call that changes a page flag (set_page_writeback, end_page_writeback, clear_page_dirty_for_io,
/// redirty_page_for_writepage): <see cref="Flags"/> is what the call found and left, recorded by the
/// model's function in the same step as the change; null in a hand-written stream that does not say.
/// </summary>
public abstract record PageFlagEvent(int Page) : PageEvent(Page)
{
    public PageFlagChange? Flags { get; init; }
}

/// <summary>A call about one buffer of a page: its index in the page and its block.</summary>
public abstract record BufferEvent(int Page, int Bh, long Block) : PageEvent(Page);

/// <summary>What a bio carries: page-cache pages, bounce pages (ciphertext), or both.</summary>
public enum BioData
{
    page,
    bounce,
    mixed,
}

/// <summary>One segment of a bio as the specs see it: which page, which bytes, which first block, and whether a bounce page holds it.</summary>
public sealed record SegmentInfo(int Page, int Offset, int Length, long Block, bool Bounce);

/// <summary>A buffer's data version and block, as an fsync caller saw it at its start.</summary>
public sealed record BufferVersion(int Page, int Bh, long Block, int Version);

/// <summary>Receives every event as it happens (the spec suite, a search's footprint tracker).</summary>
public interface IEventSink
{
    void Observe(KernelEvent e);
}

/// <summary>
/// The kernel calls the model records, one record type per call, named as in the kernel. Split
/// by kernel source file like the functions that emit them (Ext4/Linux).
/// </summary>
public static partial class Call
{
}
