using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// WritebackEventuallyEnds (liveness): no page stays under writeback. Hot while any page is in
/// writeback; if every actor is idle and the monitor is still hot, writeback hangs: a lost end
/// (F3, H2) or a deadlock (F2, the writer asleep in mempool_alloc on pages its own unsubmitted
/// bio holds).
/// Kernel rule: fsync, truncate and evict all wait_on_page_writeback(); a page that never leaves
/// writeback hangs them (KERNEL.md).
/// </summary>
public sealed class WritebackEventuallyEnds : SpecMonitor
{
    private readonly SortedSet<int> inWriteback = [];

    public override string Checks => "every page that enters writeback eventually leaves it";
    public override string KernelRule => "wait_on_page_writeback callers (fsync, truncate, evict) must be woken by end_page_writeback";

    public override string? Observe(KernelEvent e)
    {
        switch (e.Call)
        {
            case "set_page_writeback" or "set_page_writeback_keepwrite":
                inWriteback.Add(e.Page!.Value);
                break;
            case "end_page_writeback":
                inWriteback.Remove(e.Page!.Value);
                break;
        }
        return null;
    }

    public override bool Owes => inWriteback.Count > 0;

    public override string? Owed => inWriteback.Count == 0 ? null : $"page(s) {string.Join(",", inWriteback)} still under writeback";
}
