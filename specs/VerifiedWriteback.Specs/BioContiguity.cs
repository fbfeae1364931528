using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// BioContiguity: each submitted bio covers contiguous blocks in ascending order, and each of its
/// segments carries exactly the buffers whose b_blocknr is the block the segment lands on.
/// Kernel rule: io_submit_add_bh submits the open bio when the next buffer is not at
/// io_next_block (page-io.c:401-403) and bio_add_page merges only adjacent ranges of one page.
/// </summary>
public sealed class BioContiguity : Spec
{
    public override string Checks => "each bio covers contiguous blocks in order; each segment matches its buffers";
    public override string KernelRule => "io_submit_add_bh page-io.c:401-414; bio_add_page";

    public override string? Observe(KernelEvent e, WritebackTracker t) => e is Call.submit_bio bio ? Check(bio, t) : null;

    private static string? Check(Call.submit_bio e, WritebackTracker t)
    {
        if (e.Segments.Count == 0)
        {
            return $"bio#{e.Bio} submitted empty";
        }
        var blocks = e.Blocks;
        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i] != blocks[i - 1] + 1)
            {
                return $"bio#{e.Bio} blocks not contiguous: {blocks[i - 1]} then {blocks[i]}";
            }
        }
        var added = t.BuffersOf(e.Bio);
        foreach (var (page, bh, lands, _) in WritebackTracker.BlocksOf(e.Segments, blocks))
        {
            var entry = added.LastOrDefault(x => x.Page == page && x.Bh == bh);
            if (t.BioHolding(page, bh) != e.Bio || !added.Any(x => x.Page == page && x.Bh == bh))
            {
                return $"bio#{e.Bio} carries page {page} bh{bh} that io_submit_add_bh never added to it";
            }
            if (entry.Block != lands)
            {
                return $"bio#{e.Bio} writes page {page} bh{bh} (b_blocknr {entry.Block}) to block {lands}";
            }
        }
        return null;
    }
}
