using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// WritebackEndsOnce: every set_page_writeback is matched by exactly one end_page_writeback.
/// Kernel rule: end_page_writeback() BUGs when PG_writeback is not set (mm/filemap.c), and a
/// page must not enter writeback twice (the seed's BUG_ON(PageWriteback(page)), L18). Ending
/// twice is what two unlocked completions of one page do (H4) and what H1's early end leads to.
/// </summary>
public sealed class WritebackEndsOnce : SpecMonitor
{
    private readonly SortedSet<int> inWriteback = [];

    public override string Checks => "each set_page_writeback is matched by exactly one end_page_writeback";
    public override string KernelRule => "end_page_writeback BUG()s without PG_writeback (mm/filemap.c); seed L18 BUG_ON(PageWriteback)";

    public override string? Observe(KernelEvent e)
    {
        switch (e.Call)
        {
            case "set_page_writeback" or "set_page_writeback_keepwrite":
                if (!inWriteback.Add(e.Page!.Value))
                {
                    return $"page {e.Page} set under writeback while its previous writeback had not ended";
                }
                break;
            case "end_page_writeback":
                if (!inWriteback.Remove(e.Page!.Value))
                {
                    return $"end_page_writeback on page {e.Page} whose writeback already ended (or never began): writeback ended twice";
                }
                break;
        }
        return null;
    }
}
