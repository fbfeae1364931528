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
public sealed class NoDirtyDataLost : SpecMonitor
{
    private readonly SortedDictionary<int, KernelEvent> call = [];
    private readonly SortedSet<(int Page, int Bh)> addedThisCall = [];
    private readonly SortedSet<int> redirtiedThisCall = [];
    /// <summary>(page, bh) -> (block, version) cleaned and not yet on disk.</summary>
    private readonly SortedDictionary<(int Page, int Bh), (long Block, int Version)> owed = [];
    /// <summary>Owed buffers whose bio failed: settled once an error is reported for the page.</summary>
    private readonly SortedSet<(int Page, int Bh)> failed = [];
    /// <summary>Pages one of whose bios completed with an error: the only ones an error may be reported for.</summary>
    private readonly SortedSet<int> failedPages = [];

    public override string Checks => "dirty data is cleaned only after entering a bio with a block of its own, failures redirty, every cleaned version reaches disk or an error is reported, and errors are reported only for failed I/O";
    public override string KernelRule => "seed L47-59, L110-111, L120; page-io.c:92-95, 322-333";

    public override string? Observe(KernelEvent e)
    {
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "ext4_bio_write_page":
                call[page] = e;
                addedThisCall.RemoveWhere(k => k.Page == page);
                redirtiedThisCall.Remove(page);
                break;
            case "io_submit_add_bh" when e.Bio is not null:
                addedThisCall.Add((page, e.Bh!.Value));
                break;
            case "redirty_page_for_writepage":
                redirtiedThisCall.Add(page);
                break;
            case "clear_buffer_dirty":
                return OnClean(e, page);
            case "set_buffer_dirty":
                owed.Remove((page, e.Bh!.Value));
                failed.Remove((page, e.Bh!.Value));
                break;
            case "bio_endio":
                OnDiskWrite(e);
                break;
            case "SetPageError" or "mapping_set_error" when !failedPages.Contains(page):
                return $"{e.Call} reports an I/O error for page {page}, none of whose bios failed";
            case "SetPageError" or "mapping_set_error":
                foreach (var key in failed.Where(k => k.Page == page).ToArray())
                {
                    failed.Remove(key);
                    owed.Remove(key);
                }
                break;
            case "ext4_bio_write_page_return":
                call.Remove(page);
                if (e.Ret is { } ret && ret != 0 && !redirtiedThisCall.Contains(page))
                {
                    return $"ext4_bio_write_page failed with {ret} on page {page} without redirtying it: its unwritten data is no longer dirty anywhere";
                }
                break;
        }
        return null;
    }

    private string? OnClean(KernelEvent e, int page)
    {
        var flags = e.Flags ?? [];
        if (!flags.Contains("dirty"))
        {
            return null;
        }
        // ext4 maps delayed and unwritten buffers too (BH_Mapped with BH_Delay / BH_Unwritten), so
        // "mapped" is every buffer that holds file data; an unmapped one is a hole (seed L55-56).
        var bearsData = flags.Contains("mapped");
        var beyondEof = call.TryGetValue(page, out var entry) && e.Offset >= entry.Len;
        var bh = e.Bh!.Value;
        if (!bearsData || beyondEof)
        {
            return null;
        }
        if (!addedThisCall.Contains((page, bh)))
        {
            return $"dirty buffer bh{bh} of page {page} [{string.Join(",", flags)}] cleaned without its data entering a bio: the data is lost";
        }
        if (flags.Contains("delay") || flags.Contains("unwritten"))
        {
            return $"dirty buffer bh{bh} of page {page} [{string.Join(",", flags)}] went into a bio although its block is {(flags.Contains("delay") ? "not allocated yet" : "in an unwritten extent this writeback does not convert")}: the data is lost";
        }
        owed[(page, bh)] = (e.Block ?? -1, e.Versions is { Count: > 0 } v ? v[0] : 0);
        return null;
    }

    private void OnDiskWrite(KernelEvent e)
    {
        var segments = e.Segments ?? [];
        if (e.Error is { } error && error != 0)
        {
            failedPages.UnionWith(segments.Select(s => s.Page));
        }
        var blocks = e.Blocks ?? [];
        var versions = e.Versions ?? [];
        var blockSize = blocks.Count == 0 ? 1 : segments.Sum(s => s.Length) / blocks.Count;
        var i = 0;
        foreach (var s in segments)
        {
            for (var off = s.Offset; off < s.Offset + s.Length; off += blockSize, i++)
            {
                var key = (s.Page, off / blockSize);
                if (!owed.TryGetValue(key, out var want))
                {
                    continue;
                }
                if (e.Error is { } err && err != 0)
                {
                    failed.Add(key);
                }
                else if (blocks[i] == want.Block && versions[i] >= want.Version)
                {
                    owed.Remove(key);
                }
            }
        }
    }

    public override bool Owes => owed.Count > 0;

    public override string? Owed => owed.Count == 0 ? null
        : "cleaned data neither on disk nor reported lost: " + string.Join("; ", owed.Select(kv => $"page {kv.Key.Page} bh{kv.Key.Bh} v{kv.Value.Version}@{kv.Value.Block}"));
}
