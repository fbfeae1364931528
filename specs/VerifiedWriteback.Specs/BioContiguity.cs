using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// BioContiguity: each submitted bio covers contiguous blocks in ascending order, and each of its
/// segments carries exactly the buffers whose b_blocknr is the block the segment lands on.
/// Kernel rule: io_submit_add_bh submits the open bio when the next buffer is not at
/// io_next_block (page-io.c:401-403) and bio_add_page merges only adjacent ranges of one page.
/// </summary>
public sealed class BioContiguity : SpecMonitor
{
    private readonly SortedDictionary<(int Page, int Bh), (long Block, int Bio)> added = [];

    public override string Checks => "each bio covers contiguous blocks in order; each segment matches its buffers";
    public override string KernelRule => "io_submit_add_bh page-io.c:401-414; bio_add_page";

    public override string? Observe(KernelEvent e)
    {
        switch (e.Call)
        {
            case "io_submit_add_bh" when e.Bio is { } bio:
                added[(e.Page!.Value, e.Bh!.Value)] = (e.Block!.Value, bio);
                break;
            case "submit_bio":
                return Check(e);
        }
        return null;
    }

    private string? Check(KernelEvent e)
    {
        var segments = e.Segments ?? [];
        var blocks = e.Blocks ?? [];
        if (segments.Count == 0)
        {
            return $"bio#{e.Bio} submitted empty";
        }
        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i] != blocks[i - 1] + 1)
            {
                return $"bio#{e.Bio} blocks not contiguous: {blocks[i - 1]} then {blocks[i]}";
            }
        }
        var blockSize = segments.Sum(s => s.Length) / blocks.Count;
        foreach (var s in segments)
        {
            for (var k = 0; k * blockSize < s.Length; k++)
            {
                var bh = (s.Offset / blockSize) + k;
                var lands = s.Block + k;
                if (!added.TryGetValue((s.Page, bh), out var a) || a.Bio != e.Bio)
                {
                    return $"bio#{e.Bio} carries page {s.Page} bh{bh} that io_submit_add_bh never added to it";
                }
                if (a.Block != lands)
                {
                    return $"bio#{e.Bio} writes page {s.Page} bh{bh} (b_blocknr {a.Block}) to block {lands}";
                }
            }
        }
        return null;
    }
}
