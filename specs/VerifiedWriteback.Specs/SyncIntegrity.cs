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
public sealed class SyncIntegrity : Spec
{
    private readonly SortedDictionary<long, int> disk = [];
    private readonly SortedSet<int> errorReported = [];
    private IReadOnlyList<BufferVersion>? fsyncDirty;

    public override string Checks => "WB_SYNC_ALL never fails on ENOMEM; fsync success means the data is on disk; keep_towrite keeps TOWRITE";
    public override string KernelRule => "c9af28fdd449 (seed L83-89); seed L20-21 set_page_writeback_keepwrite";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.set_page_writeback w when t.ActiveCall(w.Page) is { KeepTowrite: true, Towrite: true }:
                return Fail("keepwrite-cleared-towrite", $"keep_towrite writeback of page {w.Page} cleared its TOWRITE tag: a running WB_SYNC_ALL pass will skip it");
            case Call.set_page_writeback_keepwrite w when t.ActiveCall(w.Page) is { Towrite: true } && !w.Towrite:
                return Fail("keepwrite-lost-towrite", $"set_page_writeback_keepwrite cleared the TOWRITE tag of page {w.Page}");
            case Call.ext4_bio_write_page_return r when r.Ret == -Errno.ENOMEM && t.LatestCall(r.Page) is { SyncAll: true }:
                return Fail("sync-enomem", $"WB_SYNC_ALL writeback of page {r.Page} failed with -ENOMEM: a data-integrity sync must retry a transient allocation failure");
            case Call.bio_endio { Failed: false } done:
                for (var i = 0; i < done.Blocks.Count; i++)
                {
                    disk[done.Blocks[i]] = done.Versions[i];
                }
                break;
            case Call.SetPageError or Call.mapping_set_error:
                errorReported.Add(((PageEvent)e).Page);
                break;
            case Call.fsync f:
                fsyncDirty = f.Dirty;
                errorReported.Clear();
                break;
            case Call.fsync_return r when fsyncDirty is not null:
                var start = fsyncDirty;
                fsyncDirty = null;
                if (r.Ret == 0)
                {
                    foreach (var d in start)
                    {
                        var onDisk = disk.TryGetValue(d.Block, out var v) && v >= d.Version;
                        if (!onDisk && !errorReported.Contains(d.Page))
                        {
                            return Fail("fsync-data-missing", $"fsync returned 0 but page {d.Page} bh{d.Bh} (dirty at its start, v{d.Version}) is not on disk at block {d.Block}");
                        }
                    }
                }
                break;
        }
        return null;
    }
}
