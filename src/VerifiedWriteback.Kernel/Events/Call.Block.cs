namespace VerifiedWriteback.Kernel;

/// <summary>The block layer (block/bio.c, block/blk-core.c).</summary>
public static partial class Call
{
    /// <summary>bio_alloc returning NULL (only a failure is recorded).</summary>
    public sealed record bio_alloc(int Ret) : KernelEvent;

    /// <summary>
    /// submit_bio: the bio leaves the file system with these blocks and segments;
    /// <paramref name="MaxVecs"/> is how many segments it could hold (a full bio is submitted by io_submit_add_bh, page-io.c:411-412).
    /// </summary>
    public sealed record submit_bio(int Bio, IReadOnlyList<long> Blocks, IReadOnlyList<SegmentInfo> Segments, BioData Data, int? IoEnd, int MaxVecs)
        : KernelEvent
    {
        /// <summary>The page-cache page of the first segment (the bio's page in timelines).</summary>
        public override int? SubjectPage => Segments.Count > 0 ? Segments[0].Page : null;
    }

    /// <summary>
    /// bio_endio: the device finished the bio; <paramref name="Versions"/> are the data versions
    /// that reached each block (-1 for a bounce page freed before the device read it);
    /// <paramref name="Ciphertext"/> says, per block, whether what the device read was ciphertext (the disk's record).
    /// </summary>
    public sealed record bio_endio(int Bio, IReadOnlyList<long> Blocks, IReadOnlyList<int> Versions, IReadOnlyList<SegmentInfo> Segments,
        BioData Data, int Error, int? IoEnd, IReadOnlyList<bool> Ciphertext) : KernelEvent
    {
        public override int? SubjectPage => Segments.Count > 0 ? Segments[0].Page : null;

        public bool Failed => Error != 0;
    }
}
