using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// NoEarlyWritebackEnd: writeback of a page ends only after the writer finished submitting it and
/// while none of its buffers has I/O in flight.
/// Kernel rule: the mark-all-first loop of ext4_bio_write_page (seed L44-67, commit 0058f9658c94)
/// exists so ext4_finish_bio cannot see "no buffer under I/O" while the writer still has buffers
/// to submit. An end followed, in the same ext4_bio_write_page call, by a further
/// set_buffer_async_write or io_submit_add_bh of that page was early (H1); an end while a bio
/// holding one of its buffers has not completed is early too.
/// </summary>
public sealed class NoEarlyWritebackEnd : SpecMonitor
{
    private readonly Ledger ledger = new();
    /// <summary>page -> seq of an end_page_writeback that happened during the writer's call.</summary>
    private readonly SortedDictionary<int, int> endedDuringCall = [];

    public override string Checks => "writeback ends only after the writer finished submitting the page and no buffer of it is in flight";
    public override string KernelRule => "mark every buffer BH_Async_Write before submitting any (seed L44-67, 0058f9658c94); ext4_finish_bio page-io.c:103-122";

    public override string? Observe(KernelEvent e)
    {
        ledger.Observe(e);
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "end_page_writeback":
                var inFlight = ledger.InFlightBuffersOf(page).ToArray();
                if (inFlight.Length > 0)
                {
                    return $"writeback of page {page} ended while buffer(s) {string.Join(",", inFlight)} still had I/O in flight";
                }
                if (ledger.ActiveCall.ContainsKey(page))
                {
                    endedDuringCall[page] = e.Seq;
                }
                break;
            case "set_buffer_async_write" or "io_submit_add_bh" when endedDuringCall.TryGetValue(page, out var endSeq) && ledger.ActiveCall.ContainsKey(page):
                return $"writeback of page {page} ended at event {endSeq} while the writer was still submitting it ({e.Call} of bh{e.Bh} follows)";
            case "ext4_bio_write_page" or "ext4_bio_write_page_return":
                endedDuringCall.Remove(page);
                break;
        }
        return null;
    }
}
