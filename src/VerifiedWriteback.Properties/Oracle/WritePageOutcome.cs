namespace VerifiedWriteback.Properties.Oracle;

/// <summary>A buffer's state after the run.</summary>
public sealed record BufferOutcome(bool Dirty, bool Mapped, bool Uptodate, bool New, bool Delay, bool Unwritten, bool AsyncWrite)
{
    public override string ToString() =>
        "[" + string.Join(',', new[] { (Dirty, "dirty"), (Mapped, "mapped"), (Uptodate, "uptodate"), (New, "new"), (Delay, "delay"), (Unwritten, "unwritten"), (AsyncWrite, "async_write") }
            .Where(f => f.Item1).Select(f => f.Item2)) + "]";
}

/// <summary>One segment of a submitted bio: which page (0 = the open bio's earlier page, 1 = this page), where, and whether it is the bounce page.</summary>
public sealed record SegmentOutcome(int Page, int Offset, int Length, bool Bounce);

/// <summary>A buffer of this page added to a bio: its index and its b_blocknr.</summary>
public sealed record MemberOutcome(int Bh, long Block);

/// <summary>A bio as submitted, and how its completion went (if it completed).</summary>
public sealed record BioOutcome(long FirstBlock, int BlockCount, IReadOnlyList<SegmentOutcome> Segments, IReadOnlyList<MemberOutcome> Members, bool Completed, bool Error)
{
    public override string ToString() =>
        $"bio(blocks {FirstBlock}+{BlockCount}, segments [{string.Join("; ", Segments.Select(s => $"page{s.Page} {s.Offset}+{s.Length}{(s.Bounce ? " bounce" : "")}"))}], " +
        $"bh [{string.Join(',', Members.Select(m => $"{m.Bh}@{m.Block}"))}], {(Completed ? Error ? "EIO" : "ok" : "not completed")})";
}

/// <summary>One block of this page's data reaching the disk: the data version (1 = the dirty data, -1 = a freed page's garbage) and whether ciphertext.</summary>
public sealed record DiskWriteOutcome(long Block, int Version, bool Ciphertext);

/// <summary>The page after the run.</summary>
public sealed record PageOutcome(
    int? Return,
    string? Bug,
    bool Writeback,
    bool Dirty,
    bool Locked,
    bool Towrite,
    bool Error,
    bool MappingError,
    long PagesSkipped,
    int? ZeroedFrom,
    bool WriterEndedWriteback,
    int EndWritebackCount);

/// <summary>Bounce pages of this page: restored (freed) how often, still live, freed while a bio in flight held one.</summary>
public sealed record BounceOutcome(int Encrypted, int Restored, int Live, bool FreedWhileInFlight);

/// <summary>
/// Everything the properties compare, in one shape for the oracle's prediction and the model's
/// observed run, so the two are compared field by field.
/// </summary>
public sealed record WritePageOutcome(
    PageOutcome Page,
    IReadOnlyList<BufferOutcome> Buffers,
    IReadOnlyList<int> NewCleared,
    IReadOnlyList<int> MetadataUnmapped,
    IReadOnlyList<BioOutcome> Bios,
    IReadOnlyList<DiskWriteOutcome> Disk,
    IReadOnlyList<string> EncryptGfps,
    BounceOutcome Bounce);

/// <summary>The three aspects the properties check separately.</summary>
public enum Aspect
{
    /// <summary>Per buffer: flags after the run, new cleared and metadata unmapped.</summary>
    Buffers,
    /// <summary>Per page: return, writeback, dirty, towrite, error, pages_skipped, zeroing, who ended writeback.</summary>
    Page,
    /// <summary>Per bio: blocks, segments, bounce or page, completion, data on disk, encryption calls, bounce lifetime.</summary>
    Bios,
}
