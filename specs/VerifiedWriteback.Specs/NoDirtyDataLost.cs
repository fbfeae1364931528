using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// NoDirtyDataLost: a dirty mapped buffer (delayed and unwritten ones are mapped too) is cleaned only
/// once its data went into a bio in the same ext4_bio_write_page call, or when it lies at or past
/// len (EOF); the buffer that went into the bio had a block of its own (neither delayed, whose
/// block is not allocated yet, nor unwritten, whose extent this writeback does not convert); a
/// failed call redirties the page; every cleaned version reaches the disk, or its loss is
/// reported (PageError / mapping error), or the buffer is dirtied again; and an I/O error is
/// reported only for a page one of whose bios failed. The "reaches the disk" part is a liveness
/// obligation: at quiescence nothing may be owed.
/// Kernel rule: seed L47-59 (only holes and EOF buffers are cleaned without I/O, and delayed or
/// unwritten buffers are skipped, fixed by "Make ext4_bio_writepage() handle unprepared
/// buffers"), L110-111, L120; ext4_finish_bio page-io.c:92-95 and ext4_end_bio page-io.c:322-333
/// report I/O errors, and only when bi_error is set.
/// </summary>
public sealed class NoDirtyDataLost : Spec
{
    private readonly SortedSet<int> redirtiedThisCall = [];
    /// <summary>Buffers marked BH_Async_Write in the running call, per page.</summary>
    private readonly SortedSet<(int Page, int Bh)> markedThisCall = [];
    /// <summary>
    /// Buffers cleaned when marked for I/O, before entering a bio (6.1.141 page-io.c L500-501, 6.18.2
    /// L521-522): settled when they enter a bio, or dirtied again by the failure path (6.1.141 L547).
    /// </summary>
    private readonly SortedDictionary<(int Page, int Bh), BufferFlags> cleanedAtMarking = [];
    /// <summary>(page, bh) -> (block, version) cleaned and not yet on disk.</summary>
    private readonly SortedDictionary<(int Page, int Bh), (long Block, int Version)> owed = [];
    /// <summary>Owed buffers whose bio failed: settled once an error is reported for the page.</summary>
    private readonly SortedSet<(int Page, int Bh)> failed = [];
    /// <summary>Pages one of whose bios completed with an error: the only ones an error may be reported for.</summary>
    private readonly SortedSet<int> failedPages = [];

    public override string Checks => "dirty data is cleaned only after entering a bio with a block of its own, failures redirty, every cleaned version reaches disk or an error is reported, and errors are reported only for failed I/O";
    public override string KernelRule => "seed L47-59, L110-111, L120; page-io.c:92-95, 322-333";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.ext4_bio_write_page c:
                redirtiedThisCall.Remove(c.Page);
                markedThisCall.RemoveWhere(k => k.Page == c.Page);
                break;
            case Call.set_buffer_async_write m:
                markedThisCall.Add((m.Page, m.Bh));
                break;
            case Call.mark_buffer_dirty m:
                // A new write dirtied the buffer again: its data is owed by the next writeback, not by this one.
                owed.Remove((m.Page, m.Bh));
                failed.Remove((m.Page, m.Bh));
                break;
            case Call.redirty_page_for_writepage r:
                redirtiedThisCall.Add(r.Page);
                break;
            case Call.clear_buffer_dirty c when (c.Before & (BufferFlags.async_write | BufferFlags.dirty)) == (BufferFlags.async_write | BufferFlags.dirty) && !t.AddedThisCall(c.Page, c.Bh):
                cleanedAtMarking[(c.Page, c.Bh)] = c.Before;
                break;
            case Call.clear_buffer_dirty c:
                return OnClean(c, t);
            case Call.set_buffer_dirty d:
                cleanedAtMarking.Remove((d.Page, d.Bh));
                break;
            case Call.io_submit_add_bh { Added: true } a when cleanedAtMarking.Remove((a.Page, a.Bh), out var marked):
                if ((marked & (BufferFlags.delay | BufferFlags.unwritten)) != 0)
                {
                    return Fail("unprepared-written", $"dirty buffer bh{a.Bh} of page {a.Page} went into a bio although its block is not its own: the data is lost");
                }
                owed[(a.Page, a.Bh)] = (a.Block, a.Version);
                break;
            case Call.bio_endio done:
                OnDiskWrite(done);
                break;
            case Call.SetPageError or Call.mapping_set_error:
                var page = ((PageEvent)e).Page;
                if (!failedPages.Contains(page))
                {
                    return Fail("spurious-error", $"{EventWire.Name(e)} reports an I/O error for page {page}, none of whose bios failed");
                }
                foreach (var key in failed.Where(k => k.Page == page).ToArray())
                {
                    failed.Remove(key);
                    owed.Remove(key);
                }
                break;
            case Call.ext4_bio_write_page_return r:
                var stranded = cleanedAtMarking.Keys.Where(k => k.Page == r.Page).ToArray();
                if (stranded.Length > 0)
                {
                    cleanedAtMarking.Remove(stranded[0]);
                    return Fail("cleaned-at-marking-lost", $"buffer bh{stranded[0].Bh} of page {r.Page} was cleaned when marked for I/O and neither entered a bio nor got its dirty bit back: the data is lost");
                }
                // A failed call that submitted every buffer it marked lost nothing (6.1.141 returns a stale
                // -ENOMEM after a successful encryption retry, page-io.c L529 and L568): only a failed call
                // leaving a marked buffer out of every bio must redirty the page.
                if (r.Ret != 0 && !redirtiedThisCall.Contains(r.Page) && markedThisCall.Any(k => k.Page == r.Page && !t.AddedThisCall(k.Page, k.Bh)))
                {
                    return Fail("failure-not-redirtied", $"ext4_bio_write_page failed with {r.Ret} on page {r.Page} without redirtying it: its unwritten data is no longer dirty anywhere");
                }
                break;
        }
        return null;
    }

    private string? OnClean(Call.clear_buffer_dirty e, WritebackTracker t)
    {
        var flags = e.Before;
        if ((flags & BufferFlags.dirty) == 0)
        {
            return null;
        }
        // ext4 maps delayed and unwritten buffers too (BH_Mapped with BH_Delay / BH_Unwritten), so
        // "mapped" is every buffer that holds file data; an unmapped one is a hole (seed L55-56).
        var bearsData = (flags & BufferFlags.mapped) != 0;
        var beyondEof = t.ActiveCall(e.Page) is { } entry && e.Offset >= entry.Len;
        if (!bearsData || beyondEof)
        {
            return null;
        }
        var shown = string.Join(",", buffer_head.Names(flags));
        if (!t.AddedThisCall(e.Page, e.Bh))
        {
            return Fail("cleaned-unwritten", $"dirty buffer bh{e.Bh} of page {e.Page} [{shown}] cleaned without its data entering a bio: the data is lost");
        }
        if ((flags & (BufferFlags.delay | BufferFlags.unwritten)) != 0)
        {
            return Fail("unprepared-written", $"dirty buffer bh{e.Bh} of page {e.Page} [{shown}] went into a bio although its block is {((flags & BufferFlags.delay) != 0 ? "not allocated yet" : "in an unwritten extent this writeback does not convert")}: the data is lost");
        }
        owed[(e.Page, e.Bh)] = (e.Block, e.Version);
        return null;
    }

    private void OnDiskWrite(Call.bio_endio e)
    {
        if (e.Failed)
        {
            failedPages.UnionWith(e.Segments.Select(s => s.Page));
        }
        foreach (var (page, bh, _, i) in WritebackTracker.BlocksOf(e.Segments, e.Blocks))
        {
            var key = (page, bh);
            if (!owed.TryGetValue(key, out var want))
            {
                continue;
            }
            if (e.Failed)
            {
                failed.Add(key);
            }
            else if (e.Blocks[i] == want.Block && e.Versions[i] >= want.Version)
            {
                owed.Remove(key);
            }
        }
    }

    public override bool Owes => owed.Count > 0;

    public override string? OwedKind => owed.Count > 0 ? "not-on-disk" : null;

    public override string? Owed => owed.Count == 0 ? null
        : "cleaned data neither on disk nor reported lost: " + string.Join("; ", owed.Select(kv => $"page {kv.Key.Page} bh{kv.Key.Bh} v{kv.Value.Version}@{kv.Value.Block}"));
}
