using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// UnwrittenConvertedBeforeEnd: a page written into unwritten extents leaves writeback only after
/// ext4_convert_unwritten_extents ran for its io_end; otherwise a reader after writeback could
/// still see the extent as unwritten (zeroes) although the data is on disk.
/// Kernel rule: ext4_end_bio parks the bio on an UNWRITTEN io_end (page-io.c:335-342) and the
/// conversion worker finishes it after converting (ext4_end_io, page-io.c:163-187).
/// </summary>
public sealed class UnwrittenConvertedBeforeEnd : Spec
{
    /// <summary>page -> io_ends with unconverted extents that carry it.</summary>
    private readonly SortedDictionary<int, SortedSet<int>> pendingConversion = [];

    public override string Checks => "with unwritten extents, writeback ends only after the extents were converted";
    public override string KernelRule => "page-io.c:335-342 parks the bio; ext4_end_io page-io.c:163-187 converts, then finishes";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.io_submit_add_bh { Unwritten: true, IoEnd: { } ioEnd } a:
                if (!pendingConversion.TryGetValue(a.Page, out var set))
                {
                    pendingConversion[a.Page] = set = [];
                }
                set.Add(ioEnd);
                break;
            case Call.ext4_convert_unwritten_extents converted:
                foreach (var s in pendingConversion.Values)
                {
                    s.Remove(converted.IoEnd);
                }
                break;
            case Call.end_page_writeback end when pendingConversion.TryGetValue(end.Page, out var waiting) && waiting.Count > 0:
                return Fail("ended-before-conversion", $"writeback of page {end.Page} ended before io_end#{string.Join(",#", waiting)} converted its unwritten extents");
        }
        return null;
    }
}
