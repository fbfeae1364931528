using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Oracle;

/// <summary>
/// The same outcome read off a CaseResult: the page, buffer and disk state the run left and the
/// kernel events it recorded. Reads state and events only; never calls a kernel function.
/// </summary>
public static class Observation
{
    public static WritePageOutcome Of(CaseResult r)
    {
        var pageId = r.Page.Id;
        var events = r.Events;
        var returnAt = IndexOf(events, e => e is Call.ext4_bio_write_page_return);
        var ends = events.Select((e, i) => (e, i)).Where(t => t.e is Call.end_page_writeback end && end.Page == pageId).ToArray();

        var page = new PageOutcome(
            Return: r.Return,
            Bug: BugKind(r.Bug),
            Writeback: r.Page.PG_writeback,
            Dirty: r.Page.PG_dirty,
            Locked: r.Page.PG_locked,
            Towrite: r.Page.TagTowrite,
            Error: r.Page.PG_error,
            MappingError: r.Page.mapping!.AS_EIO,
            PagesSkipped: r.Wbc.pages_skipped,
            ZeroedFrom: events.OfType<Call.zero_user_segment>().FirstOrDefault(e => e.Page == pageId)?.From,
            WriterEndedWriteback: ends.Any(t => returnAt < 0 || t.i < returnAt),
            EndWritebackCount: ends.Length);

        var buffers = r.Page.Buffers.Select(b => new BufferOutcome(b.BH_Dirty, b.BH_Mapped, b.BH_Uptodate, b.BH_New, b.BH_Delay, b.BH_Unwritten, b.BH_Async_Write)).ToArray();
        int[] Bhs<T>() where T : BufferEvent => events.OfType<T>().Where(e => e.Page == pageId).Select(e => e.Bh).ToArray();

        var members = events.OfType<Call.io_submit_add_bh>().Where(e => e.Added && e.Page == pageId)
            .GroupBy(e => e.Bio!.Value).ToDictionary(g => g.Key, g => g.Select(e => new MemberOutcome(e.Bh, e.Block)).ToArray());
        var endios = events.OfType<Call.bio_endio>().GroupBy(e => e.Bio).ToDictionary(g => g.Key, g => g.First());
        var bios = events.OfType<Call.submit_bio>().Select(e => new BioOutcome(
            e.Blocks is { Count: > 0 } bl ? bl[0] : -1,
            e.Blocks.Count,
            e.Segments.Select(s => new SegmentOutcome(s.Page, s.Offset, s.Length, s.Bounce)).ToArray(),
            members.GetValueOrDefault(e.Bio, []),
            endios.ContainsKey(e.Bio),
            endios.TryGetValue(e.Bio, out var end) && end.Failed)).ToArray();

        var disk = r.Machine.Disk.History.Where(w => w.PageId == pageId)
            .Select(w => new DiskWriteOutcome(w.Block, w.Version, w.Ciphertext)).ToArray();
        var gfps = events.OfType<Call.ext4_encrypt>().Select(e => Gfp.Name(e.Gfp)).ToArray();

        return new WritePageOutcome(page, buffers, Bhs<Call.clear_buffer_new>(), Bhs<Call.unmap_underlying_metadata>(), bios, disk, gfps, Bounce(events, pageId, r.Machine));
    }

    /// <summary>
    /// Bounce pages: made by a successful ext4_encrypt, freed by ext4_restore_control_page. Freed in
    /// flight if, when restored, a submitted bio not yet completed carries a bounce segment of the page.
    /// </summary>
    private static BounceOutcome Bounce(IReadOnlyList<KernelEvent> events, int pageId, Machine machine)
    {
        var encrypted = events.OfType<Call.ext4_encrypt>().Count(e => e.Ret == 0 && e.Page == pageId);
        var restored = 0;
        var freedInFlight = false;
        var inFlight = new HashSet<int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case Call.submit_bio submit when submit.Segments.Any(s => s.Bounce && s.Page == pageId):
                    inFlight.Add(submit.Bio);
                    break;
                case Call.bio_endio done:
                    inFlight.Remove(done.Bio);
                    break;
                case Call.ext4_restore_control_page restore when restore.Page == pageId:
                    restored++;
                    freedInFlight |= inFlight.Count > 0;
                    break;
            }
        }
        var live = machine.LiveBouncePages.Values.Count(p => p.BounceOf?.Id == pageId);
        return new BounceOutcome(encrypted, restored, live, freedInFlight);
    }

    /// <summary>The kind of kernel BUG, in the oracle's words; other BUGs verbatim.</summary>
    private static string? BugKind(string? bug) =>
        bug is null ? null
        : bug.Contains("NULL page_private", StringComparison.Ordinal) && bug.Contains(nameof(Ext4.Linux.ext4_finish_bio), StringComparison.Ordinal) ? WritePageOracle.BugBounceFreedInFlight
        : bug;

    private static int IndexOf(IReadOnlyList<KernelEvent> events, Func<KernelEvent, bool> p)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (p(events[i])) return i;
        }
        return -1;
    }
}
