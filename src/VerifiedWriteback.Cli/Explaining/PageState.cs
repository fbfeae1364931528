using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>One buffer as a timeline shows it: its flags (kernel names, async_write = BH_Async_Write) and the bio holding it.</summary>
public sealed record BufferView(int Bh, long Block, IReadOnlyList<string> Flags, int? Bio)
{
    public bool Has(string flag) => Flags.Contains(flag);

    private static readonly string[] Unusual = ["delay", "unwritten", "new"];

    /// <summary>The flags that tell the story: dirty, async_write, and any unusual state (mapped and uptodate are the normal case).</summary>
    public IReadOnlyList<string> Telling()
    {
        var shown = new List<string>();
        if (Has("dirty")) shown.Add("dirty");
        if (Has("async_write")) shown.Add("async");
        if (!Has("mapped")) shown.Add("unmapped");
        foreach (var f in Unusual.Where(Has))
        {
            shown.Add(f);
        }
        return shown;
    }

    /// <summary>"bh1{dirty,async}" or "bh0{async bio#1}" or "bh3{clean}".</summary>
    public string Short()
    {
        var flags = Telling();
        var text = flags.Count == 0 ? "clean" : string.Join(',', flags);
        return $"bh{Bh}{{{text}{(Bio is { } b ? $" bio#{b}" : "")}}}";
    }
}

/// <summary>One page as a timeline shows it: its flags and its buffers.</summary>
public sealed record PageView(int Page, bool Locked, bool Writeback, bool Dirty, IReadOnlyList<BufferView> Buffers)
{
    public IReadOnlyList<string> Flags() =>
        new[] { Locked ? "locked" : null, Writeback ? "writeback" : null, Dirty ? "dirty" : null }.OfType<string>().ToArray();

    /// <summary>"page 0 [locked,writeback] bh0{async bio#1} bh1{dirty,async} ...".</summary>
    public string Short() =>
        $"page {Page} [{(Flags().Count == 0 ? "-" : string.Join(',', Flags()))}] {string.Join(' ', Buffers.Select(b => b.Short()))}";
}

/// <summary>
/// Rebuilds the page and buffer flags of a run from its kernel events, starting from the
/// scenario's pages: lock_page/unlock_page, set_page_writeback/end_page_writeback,
/// clear_page_dirty_for_io/redirty_page_for_writepage, set_/clear_buffer_async_write,
/// clear_buffer_dirty (whose event carries the flags before the change), set_buffer_uptodate,
/// clear_buffer_new, and io_submit_add_bh (the bio a buffer joined).
/// </summary>
public sealed class PageStateTracker
{
    private sealed class Buffer
    {
        public required long Block { get; init; }
        public required HashSet<string> Flags { get; init; }
        public int? Bio { get; set; }
    }

    private sealed class PageFlags
    {
        public bool Locked { get; set; }
        public bool Writeback { get; set; }
        public bool Dirty { get; set; }
        public required Buffer[] Buffers { get; init; }
    }

    private readonly SortedDictionary<int, PageFlags> pages = [];

    public PageStateTracker(IEnumerable<page> initial)
    {
        foreach (var p in initial)
        {
            pages[p.Id] = new PageFlags
            {
                Locked = p.PG_locked,
                Writeback = p.PG_writeback,
                Dirty = p.PG_dirty,
                Buffers = p.Buffers.Select(b => new Buffer { Block = b.b_blocknr, Flags = b.FlagNames().ToHashSet() }).ToArray(),
            };
        }
    }

    /// <summary>Applies one event; true when it changed a flag of a page or buffer.</summary>
    public bool Apply(KernelEvent e)
    {
        if (e.SubjectPage is not { } id || !pages.TryGetValue(id, out var page))
        {
            return false;
        }
        var bh = e is BufferEvent be && be.Bh >= 0 && be.Bh < page.Buffers.Length ? page.Buffers[be.Bh] : null;
        switch (e)
        {
            case Call.lock_page: page.Locked = true; return true;
            case Call.trylock_page { Acquired: true }: page.Locked = true; return true;
            case Call.unlock_page: page.Locked = false; return true;
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite: page.Writeback = true; return true;
            case Call.end_page_writeback: page.Writeback = false; return true;
            case Call.clear_page_dirty_for_io: page.Dirty = false; return true;
            case Call.redirty_page_for_writepage: page.Dirty = true; return true;
            case Call.set_buffer_async_write when bh is not null: bh.Flags.Add("async_write"); return true;
            case Call.clear_buffer_async_write when bh is not null:
                bh.Flags.Remove("async_write");
                bh.Bio = null;
                return true;
            case Call.clear_buffer_dirty c when bh is not null:
                bh.Flags.Clear();
                bh.Flags.UnionWith(buffer_head.Names(c.Before));
                bh.Flags.Remove("dirty");
                return true;
            case Call.set_buffer_uptodate when bh is not null: return bh.Flags.Add("uptodate");
            case Call.clear_buffer_new when bh is not null: return bh.Flags.Remove("new");
            case Call.io_submit_add_bh { Bio: { } bio } when bh is not null:
                bh.Bio = bio;
                return true;
            default: return false;
        }
    }

    public PageView? View(int page) => pages.TryGetValue(page, out var p) ? Snapshot(page, p) : null;

    public IReadOnlyList<PageView> All() => pages.Select(kv => Snapshot(kv.Key, kv.Value)).ToArray();

    private static readonly string[] FlagOrder = ["dirty", "mapped", "uptodate", "new", "delay", "unwritten", "async_write"];

    private static PageView Snapshot(int id, PageFlags p) => new(id, p.Locked, p.Writeback, p.Dirty,
        p.Buffers.Select((b, i) => new BufferView(i, b.Block, FlagOrder.Where(b.Flags.Contains).ToArray(), b.Bio)).ToArray());
}
