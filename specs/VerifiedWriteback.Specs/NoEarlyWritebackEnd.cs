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
public sealed class NoEarlyWritebackEnd : Spec
{
    /// <summary>page -> seq of an end_page_writeback that happened during the writer's call.</summary>
    private readonly SortedDictionary<int, int> endedDuringCall = [];

    public override string Checks => "writeback ends only after the writer finished submitting the page and no buffer of it is in flight";
    public override string KernelRule => "mark every buffer BH_Async_Write before submitting any (seed L44-67, 0058f9658c94); ext4_finish_bio page-io.c:103-122";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.end_page_writeback end:
                var inFlight = t.InFlightBuffersOf(end.Page).ToArray();
                if (inFlight.Length > 0)
                {
                    return Fail("end-with-io-in-flight", $"writeback of page {end.Page} ended while buffer(s) {string.Join(",", inFlight)} still had I/O in flight");
                }
                if (t.ActiveCall(end.Page) is not null)
                {
                    endedDuringCall[end.Page] = e.Seq;
                }
                break;
            case Call.set_buffer_async_write or Call.io_submit_add_bh:
                var bh = (BufferEvent)e;
                if (endedDuringCall.TryGetValue(bh.Page, out var endSeq) && t.ActiveCall(bh.Page) is not null)
                {
                    Implicates = endSeq;
                    return Fail("end-during-submission", $"writeback of page {bh.Page} ended at event {endSeq} while the writer was still submitting it ({EventWire.Name(e)} of bh{bh.Bh} follows)");
                }
                break;
            case Call.ext4_bio_write_page or Call.ext4_bio_write_page_return:
                endedDuringCall.Remove(((PageEvent)e).Page);
                break;
        }
        return null;
    }
}
