using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// IoErrorReported: a write error reaches BOTH kernel channels before the page leaves writeback:
/// the page's PG_error (SetPageError) and the mapping's error (mapping_set_error / AS_EIO, which
/// fsync reports); and a page whose writeback ends without any failed bio in that writeback
/// carries no PG_error left over from an earlier failed writeback.
/// Kernel rule: ext4_end_bio calls mapping_set_error for a failed bio (page-io.c:322-333 at
/// 9772b64e) and ext4_finish_bio sets PG_error and AS_EIO for each page of it (:92-95) before it
/// ends writeback (:121); ext4_bio_write_page clears PG_error when a new writeback starts (seed
/// L24), so a later successful write does not leave the old error visible.
/// </summary>
public sealed class IoErrorReported : Spec
{
    private readonly SortedSet<int> pageError = [];
    /// <summary>Pages one of whose bios failed in their current writeback.</summary>
    private readonly SortedSet<int> failedNow = [];
    /// <summary>Pages of failed bios still owed SetPageError.</summary>
    private readonly SortedSet<int> owedPageError = [];
    /// <summary>Failed bios (by their pages) still owed mapping_set_error.</summary>
    private readonly SortedDictionary<int, SortedSet<int>> owedMappingError = [];

    public override string Checks => "a write error is reported through PG_error and the mapping before writeback ends; no stale PG_error survives a successful writeback";
    public override string KernelRule => "page-io.c:322-333 mapping_set_error, :92-95 SetPageError + AS_EIO before :121 end_page_writeback; seed L24 ClearPageError";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite:
                failedNow.Remove(((PageEvent)e).Page);
                break;
            case Call.bio_endio { Failed: true } done:
                var pages = new SortedSet<int>(done.Segments.Select(s => s.Page));
                failedNow.UnionWith(pages);
                owedPageError.UnionWith(pages);
                owedMappingError[done.Bio] = pages;
                break;
            case Call.SetPageError s:
                pageError.Add(s.Page);
                owedPageError.Remove(s.Page);
                break;
            case Call.ClearPageError c:
                pageError.Remove(c.Page);
                break;
            case Call.mapping_set_error m:
                foreach (var bio in owedMappingError.Where(kv => kv.Value.Contains(m.Page)).Select(kv => kv.Key).ToArray())
                {
                    owedMappingError.Remove(bio);
                }
                break;
            case Call.end_page_writeback end:
                if (owedPageError.Contains(end.Page))
                {
                    return Fail("page-error-missing", $"writeback of page {end.Page} ended after its bio failed without SetPageError: the page does not show the lost write");
                }
                if (owedMappingError.FirstOrDefault(kv => kv.Value.Contains(end.Page)) is { Value: not null } owed)
                {
                    return Fail("mapping-error-missing", $"writeback of page {end.Page} ended after bio#{owed.Key} failed without mapping_set_error: fsync will not report the lost write");
                }
                if (pageError.Contains(end.Page) && !failedNow.Contains(end.Page))
                {
                    return Fail("stale-page-error", $"writeback of page {end.Page} succeeded but the page still carries PG_error from an earlier failed writeback (ClearPageError missing)");
                }
                break;
        }
        return null;
    }
}
