using FsCheck;
using FsCheck.Fluent;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>How the blocks of a page's buffers lie on disk.</summary>
public enum BlockLayout
{
    /// <summary>base, base+1, ...: one bio for the whole page.</summary>
    Contiguous,
    /// <summary>Ascending with gaps, or a shuffle of a contiguous run: a bio ends at each gap.</summary>
    Discontiguous,
    /// <summary>base+n-1, ..., base: every buffer starts a new bio.</summary>
    Descending,
}

/// <summary>Block numbers for the buffers of one page, all distinct, all at least <see cref="MinBase"/>.</summary>
public static class BlockLayoutGen
{
    /// <summary>Lowest block drawn; above the 128 buffers of the largest page so an open bio's earlier page fits below.</summary>
    public const long MinBase = 1000;

    public static Gen<long[]> Blocks(int buffers, CaseWeights w) =>
        from layout in Gen.Frequency(
            (w.Contiguous, Gen.Constant(BlockLayout.Contiguous)),
            (w.Discontiguous, Gen.Constant(BlockLayout.Discontiguous)),
            (w.Descending, Gen.Constant(BlockLayout.Descending)))
        from blocks in Blocks(layout, buffers)
        select blocks;

    public static Gen<long[]> Blocks(BlockLayout layout, int buffers) =>
        from start in Gen.Choose((int)MinBase, 9000)
        from blocks in layout switch
        {
            BlockLayout.Contiguous => Gen.Constant(Enumerable.Range(0, buffers).Select(i => (long)start + i).ToArray()),
            BlockLayout.Descending => Gen.Constant(Enumerable.Range(0, buffers).Select(i => (long)start + buffers - 1 - i).ToArray()),
            _ => Gen.OneOf(Gapped(start, buffers), Gen.Shuffle(Enumerable.Range(0, buffers).Select(i => (long)start + i)).Select(a => a.ToArray())),
        }
        select blocks;

    private static Gen<long[]> Gapped(int start, int buffers) =>
        Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(2, 64))).ArrayOf(buffers).Select(gaps =>
        {
            var blocks = new long[buffers];
            long next = start;
            for (var i = 0; i < buffers; i++)
            {
                blocks[i] = next;
                next += gaps[i];
            }
            return blocks;
        });

    /// <summary>The layout a list of blocks has (a single block counts as contiguous).</summary>
    public static BlockLayout Classify(IReadOnlyList<long> blocks)
    {
        var ascendingByOne = true;
        var descendingByOne = blocks.Count > 1;
        for (var i = 1; i < blocks.Count; i++)
        {
            ascendingByOne &= blocks[i] == blocks[i - 1] + 1;
            descendingByOne &= blocks[i] == blocks[i - 1] - 1;
        }
        return ascendingByOne ? BlockLayout.Contiguous : descendingByOne ? BlockLayout.Descending : BlockLayout.Discontiguous;
    }
}
