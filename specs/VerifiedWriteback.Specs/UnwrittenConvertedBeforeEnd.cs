using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// UnwrittenConvertedBeforeEnd: a page written into unwritten extents leaves writeback only after
/// ext4_convert_unwritten_extents ran for its io_end; otherwise a reader after writeback could
/// still see the extent as unwritten (zeroes) although the data is on disk.
/// Kernel rule: ext4_end_bio parks the bio on an UNWRITTEN io_end (page-io.c:335-342) and the
/// conversion worker finishes it after converting (ext4_end_io, page-io.c:163-187).
/// </summary>
public sealed class UnwrittenConvertedBeforeEnd : SpecMonitor
{
    /// <summary>page -> io_ends with unconverted extents that carry it.</summary>
    private readonly SortedDictionary<int, SortedSet<int>> pendingConversion = [];

    public override string Checks => "with unwritten extents, writeback ends only after the extents were converted";
    public override string KernelRule => "page-io.c:335-342 parks the bio; ext4_end_io page-io.c:163-187 converts, then finishes";

    public override string? Observe(KernelEvent e)
    {
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "io_submit_add_bh" when e.Unwritten == true && e.IoEnd is { } ioEnd:
                if (!pendingConversion.TryGetValue(page, out var set))
                {
                    pendingConversion[page] = set = [];
                }
                set.Add(ioEnd);
                break;
            case "ext4_convert_unwritten_extents" when e.IoEnd is { } converted:
                foreach (var s in pendingConversion.Values)
                {
                    s.Remove(converted);
                }
                break;
            case "end_page_writeback" when pendingConversion.TryGetValue(page, out var waiting) && waiting.Count > 0:
                return $"writeback of page {page} ended before io_end#{string.Join(",#", waiting)} converted its unwritten extents";
        }
        return null;
    }
}
