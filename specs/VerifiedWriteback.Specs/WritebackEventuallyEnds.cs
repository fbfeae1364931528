using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// WritebackEventuallyEnds (liveness): no page stays under writeback. Hot while any page is in
/// writeback; if every actor is idle and the monitor is still hot, writeback hangs: a lost end
/// (F3, H2) or a deadlock (F2, the writer asleep in mempool_alloc on pages its own unsubmitted
/// bio holds). It also owes the clearing of every stale BH_Async_Write mark: a buffer still marked
/// when ext4_bio_write_page returns without having gone into a bio in that call is a hang in
/// waiting, as ext4_finish_bio counts it as under I/O and so never ends the page's next writeback.
/// Kernel rule: fsync, truncate and evict all wait_on_page_writeback(); a page that never leaves
/// writeback hangs them (docs/KERNEL-MODEL.md). ext4_finish_bio page-io.c:104-108 counts every
/// BH_Async_Write buffer outside the segment as under I/O; the error path (seed L121-124) clears
/// the marks of the buffers it did not submit for that reason.
/// </summary>
public sealed class WritebackEventuallyEnds : Spec
{
    private readonly SortedSet<int> inWriteback = [];
    /// <summary>Buffers now marked BH_Async_Write.</summary>
    private readonly SortedSet<(int Page, int Bh)> asyncWrite = [];
    /// <summary>Buffers left marked by a call that returned without submitting them.</summary>
    private readonly SortedSet<(int Page, int Bh)> stale = [];

    public override string Checks => "every page that enters writeback eventually leaves it; no buffer is left marked BH_Async_Write without I/O";
    public override string KernelRule => "wait_on_page_writeback callers (fsync, truncate, evict) must be woken by end_page_writeback; ext4_finish_bio page-io.c:104-108 counts BH_Async_Write buffers as under I/O";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.set_page_writeback or Call.set_page_writeback_keepwrite:
                inWriteback.Add(((PageEvent)e).Page);
                break;
            case Call.end_page_writeback end:
                inWriteback.Remove(end.Page);
                break;
            case Call.set_buffer_async_write s:
                asyncWrite.Add((s.Page, s.Bh));
                break;
            case Call.clear_buffer_async_write c:
                asyncWrite.Remove((c.Page, c.Bh));
                stale.Remove((c.Page, c.Bh));
                break;
            case Call.ext4_bio_write_page_return r:
                stale.UnionWith(asyncWrite.Where(k => k.Page == r.Page && !t.AddedThisCall(k.Page, k.Bh)));
                break;
        }
        return null;
    }

    public override bool Owes => inWriteback.Count > 0 || stale.Count > 0;

    public override string? OwedKind => inWriteback.Count > 0 ? "writeback-never-ends" : stale.Count > 0 ? "stale-async-write" : null;

    public override string? Owed => !Owes ? null : string.Join("; ", new[]
    {
        inWriteback.Count == 0 ? null : $"page(s) {string.Join(",", inWriteback)} still under writeback",
        stale.Count == 0 ? null : $"{string.Join(", ", stale.Select(k => $"page {k.Page} bh{k.Bh}"))} left marked BH_Async_Write by a write that never submitted them: the page's next writeback can never end",
    }.Where(x => x is not null));
}
