using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Engine;

/// <summary>
/// A catalogued finding as a predicate over the events of a violating run: the violated spec alone
/// does not say which bug a run shows (SyncIntegrity fires for F1 and for F5 alike). Each
/// signature names the spec it fires and the kernel calls that make the bug what it is; a
/// violating run that matches none is <see cref="New"/>.
/// </summary>
public sealed record FindingSignature(string Finding, string Spec, string Shape, Func<IReadOnlyList<KernelEvent>, bool> Matches);

public static class FindingSignatures
{
    /// <summary>A violation no catalogued signature explains.</summary>
    public const string New = "NEW";

    public static IReadOnlyList<FindingSignature> All { get; } =
    [
        new("F1", "SyncIntegrity", "a WB_SYNC_ALL call of the submission function itself returns -ENOMEM after a failed encryption", F1),
        // F8 before F2: its runs also end with a CPU asleep in mempool_alloc.
        new("F8", "WritebackEventuallyEnds", "reclaim sleeps in mempool_alloc for a bounce page while holding a page it locked with trylock_page, and a writer stopped mid-pass holds bounce pages in a bio it has not submitted", F8),
        new("F2", "WritebackEventuallyEnds", "a writer sleeps in mempool_alloc for a bounce page and is never woken, with no bio_alloc failure", F2),
        new("F3", "WritebackEventuallyEnds", "bio_alloc failed after a bio of the page was submitted, no encryption involved", F3),
        new("F4", "BouncePageLifetime", "bio_alloc failed in an encrypting call: its error path frees a bounce page a submitted bio holds", F4),
        new("F5", "SyncIntegrity", "fsync returns 0 while a WB_SYNC_NONE writer's encryption of a page failed and that writer redirtied it", F5),
        new("F6", "SyncIntegrity", "a WB_SYNC_ALL call returns -ENOMEM although its encryption retry succeeded and it submitted the page (6.1.141 never resets ret)", F6),
        new("F7", "NoDirtyDataLost", "reclaim's ->writepage returns -ENOMEM after a failed encryption (the page only redirtied) and reclaim records it on the mapping as a write error, with no bio failed", F7),
        new("H1", "NoEarlyWritebackEnd", "writeback of a page ends on another CPU while the call writing it is still submitting its buffers", H1),
        new("H2", "WritebackEventuallyEnds", "a WB_SYNC_NONE encryption failure returns with the page still under writeback", H2),
        new("H3", "NoDirtyDataLost", "a delayed, unwritten or clean-skipped buffer loses its dirty bit without entering a bio", H3),
        new("H4", "WritebackEndsOnce", "end_page_writeback runs on a page no longer under writeback", e => e.OfType<Call.end_page_writeback>().Any(x => !x.WasUnderWriteback)),
        new("H5", "NoPlaintextOnDisk", "a buffer of a software-encrypted page enters a bio from the page-cache page, not a bounce page", H5),
    ];

    public static FindingSignature? Find(string finding) => All.FirstOrDefault(s => s.Finding == finding);

    /// <summary>
    /// The catalogued finding a violating run shows: the first signature whose spec is the violated
    /// one and whose predicate holds over the run's events up to the violation; else <see cref="New"/>.
    /// </summary>
    public static string Identify(string spec, IReadOnlyList<KernelEvent> events) =>
        All.FirstOrDefault(s => s.Spec == spec && s.Matches(events))?.Finding ?? New;

    /// <summary>The finding of <paramref name="verdict"/>, judged on the run's events up to the violating one.</summary>
    public static string Identify(SpecVerdict verdict, IEnumerable<KernelEvent> events) =>
        Identify(verdict.Spec, verdict.AtEvent is { } n ? events.Where(e => e.Seq <= n).ToArray() : events.ToArray());

    /// <summary>The events of each call of the submission function, with the CPU that made it.</summary>
    private static IEnumerable<(Call.ext4_bio_write_page Call, List<KernelEvent> Events)> Calls(IReadOnlyList<KernelEvent> events)
    {
        var open = new Dictionary<string, (Call.ext4_bio_write_page, List<KernelEvent>)>(StringComparer.Ordinal);
        var done = new List<(Call.ext4_bio_write_page, List<KernelEvent>)>();
        foreach (var e in events)
        {
            if (e is Call.ext4_bio_write_page start)
            {
                if (open.Remove(e.Cpu, out var previous)) done.Add(previous);
                open[e.Cpu] = (start, []);
                continue;
            }
            if (open.TryGetValue(e.Cpu, out var call))
            {
                call.Item2.Add(e);
                if (e is Call.ext4_bio_write_page_return)
                {
                    open.Remove(e.Cpu);
                    done.Add(call);
                }
            }
        }
        done.AddRange(open.Values);
        return done;
    }

    private static bool EncryptFailed(List<KernelEvent> call) => call.OfType<Call.ext4_encrypt>().Any(x => x.Ret < 0);

    private static bool F1(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => c.Call.SyncAll && EncryptFailed(c.Events) &&
                               c.Events.OfType<Call.ext4_bio_write_page_return>().Any(r => r.Ret == -Errno.ENOMEM && r.NrSubmitted == 0));

    private static bool F6(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => c.Call.SyncAll && EncryptFailed(c.Events) && c.Events.OfType<Call.ext4_encrypt>().Any(x => x.Ret == 0) &&
                               c.Events.OfType<Call.ext4_bio_write_page_return>().Any(r => r.Ret == -Errno.ENOMEM && r.NrSubmitted > 0));

    private static bool F2(IReadOnlyList<KernelEvent> events) =>
        !events.OfType<Call.bio_alloc>().Any() &&
        events.GroupBy(e => e.Cpu, StringComparer.Ordinal).Any(g => g.Last() is Call.mempool_alloc);

    /// <summary>
    /// F8: the run ends with one CPU asleep in mempool_alloc while it holds a page it took with a
    /// successful trylock_page (reclaim), and another CPU stopped in the middle of its writeback pass
    /// (no pass end after its last pass begin) with a bounce page added to a bio
    /// it never submitted. (A writer asleep in lock_page records no event; the deadlock report names it.)
    /// </summary>
    private static bool F8(IReadOnlyList<KernelEvent> events)
    {
        var byCpu = events.GroupBy(e => e.Cpu, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
        return byCpu.Any(reclaim => reclaim[^1] is Call.mempool_alloc &&
            reclaim.OfType<Call.trylock_page>().LastOrDefault() is { Acquired: true } held &&
            !reclaim.OfType<Call.unlock_page>().Any(u => u.Page == held.Page && u.Seq > held.Seq) &&
            byCpu.Any(writer => writer[0].Cpu != held.Cpu && StuckWithBouncePagesInOpenBio(writer)));
    }

    private static bool StuckWithBouncePagesInOpenBio(KernelEvent[] cpu)
    {
        var pass = Array.FindLastIndex(cpu, e => e is Call.WritePassBegin);
        if (pass < 0 || cpu.Skip(pass).Any(e => e is Call.WritePassEnd))
        {
            return false;
        }
        var lastSubmit = Array.FindLastIndex(cpu, e => e is Call.submit_bio);
        return cpu.Skip(Math.Max(pass, lastSubmit + 1)).OfType<Call.io_submit_add_bh>().Any(a => a.Added && a.Bounce is not null);
    }

    private static bool F3(IReadOnlyList<KernelEvent> events) =>
        events.OfType<Call.bio_alloc>().Any() && !events.OfType<Call.ext4_encrypt>().Any();

    private static bool F4(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => c.Events.OfType<Call.bio_alloc>().Any() && c.Events.OfType<Call.ext4_encrypt>().Any(x => x.Ret == 0));

    /// <summary>
    /// F5: the run ends with fsync returning 0 (the spec fires there), and some WB_SYNC_NONE call
    /// on another CPU had its encryption fail and redirtied the page, never retried.
    /// </summary>
    private static bool F5(IReadOnlyList<KernelEvent> events)
    {
        if (events.Count == 0 || events[^1] is not Call.fsync_return { Ret: 0 } ret) return false;
        return Calls(events).Any(c => !c.Call.SyncAll && c.Call.Cpu != ret.Cpu && EncryptFailed(c.Events) &&
                                      c.Events.OfType<Call.redirty_page_for_writepage>().Any(r => r.Page == c.Call.Page) &&
                                      c.Events.OfType<Call.ext4_bio_write_page_return>().Any(r => r.Ret < 0));
    }

    /// <summary>
    /// F7: an ext4_writepage for reclaim whose submission call failed its encryption returned
    /// -ENOMEM, and a mapping_set_error with that error followed, while no bio completed with an error.
    /// </summary>
    private static bool F7(IReadOnlyList<KernelEvent> events) =>
        !events.OfType<Call.bio_endio>().Any(b => b.Error != 0) &&
        events.OfType<Call.ext4_writepage_return>().Any(w => w.Ret == -Errno.ENOMEM &&
            events.OfType<Call.ext4_writepage>().Any(x => x.ForReclaim && x.Cpu == w.Cpu && x.Seq < w.Seq) &&
            Calls(events).Any(c => c.Call.Cpu == w.Cpu && c.Call.Seq < w.Seq && EncryptFailed(c.Events)) &&
            events.OfType<Call.mapping_set_error>().Any(m => m.Cpu == w.Cpu && m.Seq > w.Seq && m.Error == -Errno.ENOMEM));

    /// <summary>H2: a call whose encryption failed returned an error without its page leaving writeback.</summary>
    private static bool H2(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => EncryptFailed(c.Events) &&
                               c.Events.OfType<Call.ext4_bio_write_page_return>().Any(r => r.Ret < 0) &&
                               !events.OfType<Call.end_page_writeback>().Any(x => x.Page == c.Call.Page && x.Seq > c.Call.Seq));

    /// <summary>H1: an end_page_writeback of the page on another CPU between a call's first io_submit_add_bh and its return.</summary>
    private static bool H1(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => c.Events.OfType<Call.io_submit_add_bh>().FirstOrDefault(a => a.Added) is { } first &&
                               events.OfType<Call.end_page_writeback>().Any(x => x.Page == c.Call.Page && x.Cpu != c.Call.Cpu && x.Seq > first.Seq &&
                                   !c.Events.OfType<Call.ext4_bio_write_page_return>().Any(r => r.Seq < x.Seq)));

    /// <summary>H5: a call on a software-encrypted page adds a buffer without a bounce page.</summary>
    private static bool H5(IReadOnlyList<KernelEvent> events) =>
        Calls(events).Any(c => c.Call.Encryption == EncryptionMode.Software && c.Events.OfType<Call.io_submit_add_bh>().Any(a => a.Added && a.Bounce is null));

    /// <summary>H3: the violating clean is of a buffer that was skipped as unprepared (delayed, unwritten or not dirty-mapped) and never added.</summary>
    private static bool H3(IReadOnlyList<KernelEvent> events) =>
        events.Count > 0 && events[^1] is Call.clear_buffer_dirty c &&
        (c.Before & (BufferFlags.delay | BufferFlags.unwritten)) != 0;
}
