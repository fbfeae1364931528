using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// WritebackEndsOnce: every set_page_writeback is matched by exactly one end_page_writeback.
/// Kernel rule: end_page_writeback() BUGs when PG_writeback is not set (mm/filemap.c), and a
/// page must not enter writeback twice (the seed's BUG_ON(PageWriteback(page)), L18). Ending
/// twice is what two unlocked completions of one page do (H4) and what H1's early end leads to.
/// </summary>
public sealed class WritebackEndsOnce : Spec
{
    private readonly SortedSet<int> inWriteback = [];

    public override string Checks => "each set_page_writeback is matched by exactly one end_page_writeback";
    public override string KernelRule => "end_page_writeback BUG()s without PG_writeback (mm/filemap.c); seed L18 BUG_ON(PageWriteback)";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite:
                var started = ((PageEvent)e).Page;
                if (!inWriteback.Add(started))
                {
                    return Fail("started-twice", $"page {started} set under writeback while its previous writeback had not ended");
                }
                break;
            case Call.end_page_writeback end:
                if (!inWriteback.Remove(end.Page))
                {
                    return Fail("ended-twice", $"end_page_writeback on page {end.Page} whose writeback already ended (or never began): writeback ended twice");
                }
                break;
        }
        return null;
    }
}
