using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>The abstract model against the system after a step: every difference, one line each.</summary>
public static class ModelComparison
{
    public static List<string> Compare(AbstractModel m, WritebackSystem s)
    {
        var d = new List<string>();
        var c = s.Config;
        foreach (var (p, i) in m.Buffers())
        {
            var bh = s.Pages[p].Buffers[i];
            var where = $"page {p} buffer {i}";
            if (bh.BH_Dirty != m.Dirty(p, i)) d.Add($"{where}: dirty is {bh.BH_Dirty}, model says {m.Dirty(p, i)}");
            var kind = !bh.BH_Mapped ? BufferKind.Hole : bh.BH_Delay ? BufferKind.Delayed : BufferKind.Mapped;
            if (kind != m.Kind(p, i)) d.Add($"{where}: is {kind}, model says {m.Kind(p, i)}");
            else if (kind == BufferKind.Mapped && bh.b_blocknr != m.Block(p, i)) d.Add($"{where}: block {bh.b_blocknr}, model says {m.Block(p, i)}");
            var inFlight = m.InFlight.Any(w => w.Page == p && w.Bh == i);
            if (bh.BH_Async_Write != inFlight) d.Add($"{where}: async_write is {bh.BH_Async_Write}, model has it {(inFlight ? "" : "not ")}in flight");
        }
        for (var p = 0; p < c.Pages; p++)
        {
            var page = s.Pages[p];
            if (page.PG_dirty != m.PageDirty[p]) d.Add($"page {p}: dirty is {page.PG_dirty}, model says {m.PageDirty[p]}");
            if (page.PG_writeback != m.Writeback(p)) d.Add($"page {p}: writeback is {page.PG_writeback}, model says {m.Writeback(p)}");
            if (page.PG_error != m.PageError[p]) d.Add($"page {p}: PageError is {page.PG_error}, model says {m.PageError[p]}");
            if (page.PG_locked) d.Add($"page {p}: still locked");
        }
        if (s.Inode.i_mapping.AS_EIO != m.MappingError) d.Add($"mapping error is {s.Inode.i_mapping.AS_EIO}, model says {m.MappingError}");

        static string Key(WriteRecord w) => $"p{w.Page}.b{w.Bh}@{w.Block}:v{w.Version}";
        var actualFlight = s.InFlight.Select(Key).Order(StringComparer.Ordinal).ToArray();
        var modelFlight = m.InFlight.Select(Key).Order(StringComparer.Ordinal).ToArray();
        if (!actualFlight.SequenceEqual(modelFlight))
            d.Add($"in flight: [{string.Join(", ", actualFlight)}], model says [{string.Join(", ", modelFlight)}]");

        var blocks = m.OnDisk.Keys.Concat(s.Machine.Disk.Blocks.Keys).Distinct().Order();
        foreach (var b in blocks)
        {
            var actual = s.Machine.Disk.Blocks.TryGetValue(b, out var w) ? (w.Version, w.Ciphertext) : (0, false);
            var model = m.OnDisk.GetValueOrDefault(b, (0, false));
            if (actual != model) d.Add($"block {b}: disk has v{actual.Item1}{(actual.Item2 ? " ciphertext" : "")}, model says v{model.Item1}{(model.Item2 ? " ciphertext" : "")}");
        }

        var holding = c.Encryption == EncryptionMode.Software ? Enumerable.Range(0, c.Pages).Count(m.Writeback) : 0;
        if (s.Machine.LiveBouncePages.Count != holding)
            d.Add($"{s.Machine.LiveBouncePages.Count} bounce pages live, model says {holding} (one per encrypted page under writeback)");
        if (s.Machine.ext4_bounce_page_pool.InUse != s.Machine.LiveBouncePages.Count)
            d.Add($"bounce pool has {s.Machine.ext4_bounce_page_pool.InUse} in use but {s.Machine.LiveBouncePages.Count} live bounce pages");
        d.AddRange(m.LostData());
        return d;
    }

    /// <summary>
    /// F2 exactly (docs/KERNEL-MODEL.md): the writer sleeps in mempool_alloc for a bounce page, the pool's
    /// reserve is empty, nothing is in flight, and every bounce page in use sits in the pass's own
    /// bio, which is not submitted yet.
    /// </summary>
    public static string? NotF2(WritebackSystem s, ModelHang hang)
    {
        var pool = s.Machine.ext4_bounce_page_pool;
        if (!hang.Message.Contains("mempool_alloc(ext4_bounce_page_pool", StringComparison.Ordinal)) return "the hang is not in mempool_alloc of the bounce pool";
        if (pool.curr_nr != 0) return $"the pool's reserve holds {pool.curr_nr}";
        if (s.Cpu.Submitted.Count != 0) return "bios are still in flight";
        // The pass's open bio, read from the events: bios that received buffers and were never submitted.
        var submitted = s.Machine.Events.OfType<Call.submit_bio>().Select(e => e.Bio).ToHashSet();
        var open = s.Machine.Events.OfType<Call.io_submit_add_bh>().Where(e => e.Bio is { } b && !submitted.Contains(b)).ToArray();
        if (open.Length == 0) return "the pass has no open bio";
        var held = open.Where(e => e.Bounce is not null).Select(e => e.Bounce!.Value).ToHashSet();
        var elsewhere = s.Machine.LiveBouncePages.Keys.Where(id => !held.Contains(id)).ToArray();
        return elsewhere.Length == 0 ? null : $"bounce pages {string.Join(',', elsewhere)} are not in the open bio";
    }
}
