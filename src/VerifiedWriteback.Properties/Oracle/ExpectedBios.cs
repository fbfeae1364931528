using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Properties.Oracle;

/// <summary>
/// The oracle's picture of the writeback pass's bio (struct ext4_io_submit): at most one bio open,
/// the bios submitted so far in order. Rules (docs/KERNEL-MODEL.md, "Partner functions"): a bio holds
/// consecutive blocks; a buffer whose block does not continue the open bio submits it; with no bio
/// open a new one is allocated (which may fail); a buffer adjacent in the same page extends the
/// last segment, else it starts a segment.
/// </summary>
internal sealed class ExpectedBios
{
    public const int EarlierPage = 0;
    public const int ThisPage = 1;

    internal sealed class Bio(long firstBlock)
    {
        public long FirstBlock { get; } = firstBlock;
        public int BlockCount { get; set; }
        public List<SegmentOutcome> Segments { get; } = [];
        public List<MemberOutcome> Members { get; } = [];
        public bool Completed { get; set; }
        public bool Error { get; set; }

        public BioOutcome ToOutcome() => new(FirstBlock, BlockCount, Segments.ToArray(), Members.ToArray(), Completed, Error);
    }

    private readonly WritePageCase c;
    private readonly bool allocMayFail;
    private int allocCalls;
    private long nextBlock;

    public ExpectedBios(WritePageCase c, bool allocMayFail)
    {
        this.c = c;
        this.allocMayFail = allocMayFail;
        if (c.OpenBioNextBlock is { } next)
        {
            // The earlier page: all its buffers, contiguous, ending just before nextBlock, one segment.
            var n = c.Buffers.Count;
            Open = new Bio(next - n) { BlockCount = n };
            Open.Segments.Add(new SegmentOutcome(EarlierPage, 0, c.PageSize, false));
            nextBlock = next;
        }
    }

    public Bio? Open { get; private set; }
    public List<Bio> Submitted { get; } = [];

    /// <summary>ext4_io_submit: the open bio, if any, goes to the device.</summary>
    public void SubmitOpen()
    {
        if (Open is not null)
        {
            Submitted.Add(Open);
            Open = null;
        }
    }

    /// <summary>io_submit_add_bh for buffer <paramref name="bh"/>; false when the bio allocation failed.</summary>
    public bool Add(int bh, long block, bool bounce)
    {
        if (Open is not null && block != nextBlock)
        {
            SubmitOpen();
        }
        if (Open is null)
        {
            var fails = allocMayFail && allocCalls < c.BioAllocFaults.Count && c.BioAllocFaults[allocCalls];
            allocCalls++;
            if (fails)
            {
                return false;
            }
            Open = new Bio(block);
            nextBlock = block;
        }
        var offset = bh * c.BlockSize;
        var last = Open.Segments.Count > 0 ? Open.Segments[^1] : null;
        if (last is not null && last.Page == ThisPage && last.Offset + last.Length == offset)
        {
            Open.Segments[^1] = last with { Length = last.Length + c.BlockSize };
        }
        else
        {
            Open.Segments.Add(new SegmentOutcome(ThisPage, offset, c.BlockSize, bounce));
        }
        Open.Members.Add(new MemberOutcome(bh, block));
        Open.BlockCount++;
        nextBlock++;
        return true;
    }
}
