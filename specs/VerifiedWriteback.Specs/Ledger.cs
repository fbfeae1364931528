using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// Bookkeeping several specs need, rebuilt by each spec from the events alone (specs share no
/// state): which buffers sit in which bio, which bios are in flight, which bounce pages a bio holds,
/// and which writer call is running on which page.
/// </summary>
public sealed class Ledger
{
    /// <summary>(page, bh) -> the bio it was last added to, while that bio has not completed.</summary>
    public SortedDictionary<(int Page, int Bh), int> InFlight { get; } = [];

    /// <summary>bio -> the (page, bh) it carries, in order of addition.</summary>
    public SortedDictionary<int, List<(int Page, int Bh, long Block)>> BioBuffers { get; } = [];

    /// <summary>bio -> bounce pages it references.</summary>
    public SortedDictionary<int, SortedSet<int>> BioBounces { get; } = [];

    /// <summary>page -> the running ext4_bio_write_page call's entry event.</summary>
    public SortedDictionary<int, KernelEvent> ActiveCall { get; } = [];

    public void Observe(KernelEvent e)
    {
        switch (e.Call)
        {
            case "ext4_bio_write_page":
                ActiveCall[e.Page!.Value] = e;
                break;
            case "ext4_bio_write_page_return":
                ActiveCall.Remove(e.Page!.Value);
                break;
            case "io_submit_add_bh" when e.Bio is { } bio:
                InFlight[(e.Page!.Value, e.Bh!.Value)] = bio;
                if (!BioBuffers.TryGetValue(bio, out var list))
                {
                    BioBuffers[bio] = list = [];
                }
                list.Add((e.Page.Value, e.Bh.Value, e.Block ?? -1));
                if (e.Bounce is { } bounce)
                {
                    if (!BioBounces.TryGetValue(bio, out var set))
                    {
                        BioBounces[bio] = set = [];
                    }
                    set.Add(bounce);
                }
                break;
            case "bio_endio" when e.Bio is { } done:
                if (BioBuffers.TryGetValue(done, out var carried))
                {
                    foreach (var (page, bh, _) in carried)
                    {
                        if (InFlight.TryGetValue((page, bh), out var b) && b == done)
                        {
                            InFlight.Remove((page, bh));
                        }
                    }
                }
                BioBounces.Remove(done);
                break;
        }
    }

    public IEnumerable<int> InFlightBuffersOf(int page) =>
        InFlight.Where(kv => kv.Key.Page == page).Select(kv => kv.Key.Bh);

    public IEnumerable<int> BiosHoldingBounce(int bounce) =>
        BioBounces.Where(kv => kv.Value.Contains(bounce)).Select(kv => kv.Key);
}
