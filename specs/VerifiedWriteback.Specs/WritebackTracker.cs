using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// What several specs (and explain and the oracles) derive from the events, kept once: the
/// running and the latest ext4_bio_write_page call of each page, the buffers each call added to a
/// bio, which bio holds which buffer until it completes, and which bounce pages a bio references.
/// The suite applies each event here before any spec sees it. It judges nothing.
/// </summary>
public sealed class WritebackTracker : IEventSink
{
    private readonly SortedDictionary<int, Call.ext4_bio_write_page> activeCall = [];
    private readonly SortedDictionary<int, Call.ext4_bio_write_page> latestCall = [];
    private readonly SortedSet<(int Page, int Bh)> addedThisCall = [];
    private readonly SortedDictionary<(int Page, int Bh), int> inFlight = [];
    private readonly SortedDictionary<int, List<(int Page, int Bh, long Block)>> bioBuffers = [];
    private readonly SortedDictionary<int, SortedSet<int>> bioBounces = [];

    public void Observe(KernelEvent e)
    {
        switch (e)
        {
            case Call.ext4_bio_write_page c:
                activeCall[c.Page] = c;
                latestCall[c.Page] = c;
                addedThisCall.RemoveWhere(k => k.Page == c.Page);
                break;
            case Call.ext4_bio_write_page_return r:
                activeCall.Remove(r.Page);
                break;
            case Call.io_submit_add_bh { Bio: { } bio } a:
                addedThisCall.Add((a.Page, a.Bh));
                inFlight[(a.Page, a.Bh)] = bio;
                if (!bioBuffers.TryGetValue(bio, out var list))
                {
                    bioBuffers[bio] = list = [];
                }
                list.Add((a.Page, a.Bh, a.Block));
                if (a.Bounce is { } bounce)
                {
                    if (!bioBounces.TryGetValue(bio, out var set))
                    {
                        bioBounces[bio] = set = [];
                    }
                    set.Add(bounce);
                }
                break;
            case Call.bio_endio done:
                if (bioBuffers.TryGetValue(done.Bio, out var carried))
                {
                    foreach (var (page, bh, _) in carried)
                    {
                        if (inFlight.TryGetValue((page, bh), out var b) && b == done.Bio)
                        {
                            inFlight.Remove((page, bh));
                        }
                    }
                }
                bioBounces.Remove(done.Bio);
                break;
        }
    }

    /// <summary>The entry of the ext4_bio_write_page call now running on <paramref name="page"/>, if any.</summary>
    public Call.ext4_bio_write_page? ActiveCall(int page) => activeCall.GetValueOrDefault(page);

    /// <summary>The entry of the latest ext4_bio_write_page call of <paramref name="page"/> (its bios may complete after it returned).</summary>
    public Call.ext4_bio_write_page? LatestCall(int page) => latestCall.GetValueOrDefault(page);

    /// <summary>Whether the latest call of the buffer's page added it to a bio.</summary>
    public bool AddedThisCall(int page, int bh) => addedThisCall.Contains((page, bh));

    /// <summary>Buffers of <paramref name="page"/> in a bio that has not completed.</summary>
    public IEnumerable<int> InFlightBuffersOf(int page) =>
        inFlight.Where(kv => kv.Key.Page == page).Select(kv => kv.Key.Bh);

    /// <summary>The bio that holds the buffer and has not completed, if any.</summary>
    public int? BioHolding(int page, int bh) => inFlight.TryGetValue((page, bh), out var bio) ? bio : null;

    /// <summary>The buffers io_submit_add_bh added to <paramref name="bio"/>, in order.</summary>
    public IReadOnlyList<(int Page, int Bh, long Block)> BuffersOf(int bio) =>
        bioBuffers.TryGetValue(bio, out var list) ? list : [];

    /// <summary>Bios not yet completed that reference the bounce page.</summary>
    public IEnumerable<int> BiosHoldingBounce(int bounce) =>
        bioBounces.Where(kv => kv.Value.Contains(bounce)).Select(kv => kv.Key);

    /// <summary>The block size of a bio: its bytes over its blocks (every buffer of a page has the same size).</summary>
    public static int BlockSize(IReadOnlyList<SegmentInfo> segments, IReadOnlyList<long> blocks) =>
        blocks.Count == 0 ? 1 : segments.Sum(s => s.Length) / blocks.Count;

    /// <summary>Each block a bio writes: the page, the buffer index, the block, and its position in the bio.</summary>
    public static IEnumerable<(int Page, int Bh, long Block, int Index)> BlocksOf(IReadOnlyList<SegmentInfo> segments, IReadOnlyList<long> blocks)
    {
        var blockSize = BlockSize(segments, blocks);
        var i = 0;
        foreach (var s in segments)
        {
            for (var off = s.Offset; off < s.Offset + s.Length; off += blockSize, i++)
            {
                yield return (s.Page, off / blockSize, s.Block + ((off - s.Offset) / blockSize), i);
            }
        }
    }
}
