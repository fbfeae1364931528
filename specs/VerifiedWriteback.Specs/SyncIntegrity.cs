using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// SyncIntegrity: a data-integrity (WB_SYNC_ALL) writeback does not fail on a transient ENOMEM;
/// when an fsync returns success, every buffer that was dirty when it started is on disk with at
/// least that version, unless an error was reported; keep_towrite keeps the page's TOWRITE tag.
/// Kernel rule: c9af28fdd449 retries encryption with __GFP_NOFAIL for WB_SYNC_ALL (seed L83-89,
/// broken by the missing minus: F1); set_page_writeback_keepwrite (seed L20-21) keeps
/// PAGECACHE_TAG_TOWRITE so a concurrent sync pass still writes the page.
/// </summary>
public sealed class SyncIntegrity : SpecMonitor
{
    private readonly SortedDictionary<int, KernelEvent> call = [];
    private readonly SortedDictionary<long, int> disk = [];
    private readonly SortedSet<int> errorReported = [];
    private IReadOnlyList<BufferVersion>? fsyncDirty;

    public override string Checks => "WB_SYNC_ALL never fails on ENOMEM; fsync success means the data is on disk; keep_towrite keeps TOWRITE";
    public override string KernelRule => "c9af28fdd449 (seed L83-89); seed L20-21 set_page_writeback_keepwrite";

    public override string? Observe(KernelEvent e)
    {
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "ext4_bio_write_page":
                call[page] = e;
                break;
            case "set_page_writeback" when call.TryGetValue(page, out var c) && c.KeepTowrite == true && c.Towrite == true:
                return $"keep_towrite writeback of page {page} cleared its TOWRITE tag: a running WB_SYNC_ALL pass will skip it";
            case "set_page_writeback_keepwrite" when call.TryGetValue(page, out var c) && c.Towrite == true && e.Towrite != true:
                return $"set_page_writeback_keepwrite cleared the TOWRITE tag of page {page}";
            case "ext4_bio_write_page_return":
                var entry = call.GetValueOrDefault(page);
                call.Remove(page);
                if (entry?.SyncAll == true && e.Ret == -Errno.ENOMEM)
                {
                    return $"WB_SYNC_ALL writeback of page {page} failed with -ENOMEM: a data-integrity sync must retry a transient allocation failure";
                }
                break;
            case "bio_endio" when e.Error is null or 0:
                var blocks = e.Blocks ?? [];
                var versions = e.Versions ?? [];
                for (var i = 0; i < blocks.Count; i++)
                {
                    disk[blocks[i]] = versions[i];
                }
                break;
            case "SetPageError" or "mapping_set_error":
                errorReported.Add(page);
                break;
            case "fsync":
                fsyncDirty = e.Dirty ?? [];
                errorReported.Clear();
                break;
            case "fsync_return" when fsyncDirty is not null:
                var start = fsyncDirty;
                fsyncDirty = null;
                if (e.Ret is null or 0)
                {
                    foreach (var d in start)
                    {
                        var onDisk = disk.TryGetValue(d.Block, out var v) && v >= d.Version;
                        if (!onDisk && !errorReported.Contains(d.Page))
                        {
                            return $"fsync returned 0 but page {d.Page} bh{d.Bh} (dirty at its start, v{d.Version}) is not on disk at block {d.Block}";
                        }
                    }
                }
                break;
        }
        return null;
    }
}
