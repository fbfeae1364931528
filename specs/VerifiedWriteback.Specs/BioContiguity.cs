using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// BioContiguity: each submitted bio covers contiguous blocks in ascending order, and each of its
/// segments carries exactly the buffers whose b_blocknr is the block the segment lands on; and the
/// bios are formed as the kernel forms them: a buffer whose block follows the last block of the
/// writer's open bio joins that bio unless something closed it (the bio was full, the first loop
/// met an unprepared buffer, an encryption retry submitted it); a writer never starts a new bio
/// while its previous one is still open; and when the first loop of a call meets an unprepared
/// buffer (clean, delayed, unmapped or unwritten, inside EOF), the bio left open by the earlier
/// pages is submitted.
/// Kernel rule: io_submit_add_bh submits the open bio only when the next buffer is not at
/// io_next_block (page-io.c:401-403) or the bio is full (:411-412), and bio_add_page merges only
/// adjacent ranges of one page; seed L52-59: an unprepared buffer submits the open bio (L57-58);
/// seed L84-85: an encryption retry submits it.
/// </summary>
public sealed class BioContiguity : Spec
{
    private sealed class CallState
    {
        public required int Page { get; init; }
        public required int Len { get; init; }
        public required int BlockSize { get; init; }
        public required int Buffers { get; init; }
        public int? OpenAtEntry { get; init; }
        public SortedSet<int> Marked { get; } = [];

        /// <summary>Whether this version's first loop submits the open bio at an unprepared buffer (the call says).</summary>
        public bool UnpreparedSubmitsOpenBio { get; init; } = true;

        /// <summary>Buffers inside EOF the first loop did not mark: the unprepared ones it skipped.</summary>
        public IEnumerable<int> Skipped =>
            Enumerable.Range(0, Buffers).Where(i => i * BlockSize < Len && !Marked.Contains(i));

        /// <summary>Unprepared buffers the first loop certainly met already: those before the last marked one.</summary>
        public IEnumerable<int> SkippedBeforeLastMarked =>
            Marked.Count == 0 ? [] : Skipped.Where(i => i < Marked.Max);
    }

    /// <summary>cpu -> the last buffer its writer added: (bio, block, page).</summary>
    private readonly SortedDictionary<string, (int Bio, long Block, int Page)> lastAdd = [];
    /// <summary>CPUs on which something legitimately closed the open bio since the last add.</summary>
    private readonly SortedSet<string> closedForCause = [];
    private readonly SortedSet<int> submitted = [];
    private readonly SortedDictionary<string, CallState> calls = [];

    public override string Checks => "each bio covers contiguous blocks in order and each segment matches its buffers; adjacent contiguous buffers share a bio; an unprepared buffer closes the open bio";
    public override string KernelRule => "io_submit_add_bh page-io.c:401-414; bio_add_page; seed L57-58 and L84-85 submit the open bio";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        var cpu = e.Cpu;
        switch (e)
        {
            case Call.submit_bio bio:
                submitted.Add(bio.Bio);
                if (bio.Segments.Count >= bio.MaxVecs)
                {
                    closedForCause.Add(cpu);
                }
                return Check(bio, t);
            case Call.WritePassBegin:
                lastAdd.Remove(cpu);
                closedForCause.Remove(cpu);
                break;
            case Call.ext4_encrypt { Ret: not 0 }:
                closedForCause.Add(cpu);
                break;
            case Call.ext4_bio_write_page c:
                calls[cpu] = new CallState
                {
                    Page = c.Page, Len = c.Len, BlockSize = c.BlockSize, Buffers = c.BlockSize > 0 ? c.PageSize / c.BlockSize : 0,
                    OpenAtEntry = lastAdd.TryGetValue(cpu, out var open) && !submitted.Contains(open.Bio) ? open.Bio : null,
                    UnpreparedSubmitsOpenBio = c.UnpreparedSubmitsOpenBio,
                };
                break;
            case Call.set_buffer_async_write m when calls.TryGetValue(cpu, out var call) && call.Page == m.Page:
                call.Marked.Add(m.Bh);
                break;
            case Call.io_submit_add_bh { Bio: { } bio } a:
                return OnAdd(a, bio, cpu);
            case Call.ext4_bio_write_page_return r when calls.TryGetValue(cpu, out var done) && done.Page == r.Page:
                calls.Remove(cpu);
                break;
        }
        return null;
    }

    private string? OnAdd(Call.io_submit_add_bh a, int bio, string cpu)
    {
        if (calls.TryGetValue(cpu, out var current) && current.Page == a.Page && current.OpenAtEntry == bio && current.UnpreparedSubmitsOpenBio
            && current.SkippedBeforeLastMarked.ToArray() is { Length: > 0 } skipped)
        {
            return Fail("open-bio-across-unprepared", $"bh{a.Bh} of page {a.Page} joined bio#{bio}, left open by an earlier page although the first loop met unprepared bh{string.Join(",bh", skipped)}: an unprepared buffer submits the open bio");
        }
        if (lastAdd.TryGetValue(cpu, out var prev) && prev.Bio != bio)
        {
            if (!submitted.Contains(prev.Bio))
            {
                return Fail("open-bio-replaced", $"bh{a.Bh} of page {a.Page} started bio#{bio} while the writer's bio#{prev.Bio} was still open and unsubmitted");
            }
            var explained = closedForCause.Contains(cpu)
                || (a.Page != prev.Page && calls.TryGetValue(cpu, out var call) && call.Page == a.Page && call.Skipped.Any());
            if (a.Block == prev.Block + 1 && !explained)
            {
                return Fail("contiguous-split", $"bh{a.Bh} of page {a.Page} at block {a.Block} follows block {prev.Block} of bio#{prev.Bio} but went into a new bio#{bio}: nothing closed bio#{prev.Bio} (not full, no unprepared buffer, no encryption retry)");
            }
        }
        lastAdd[cpu] = (bio, a.Block, a.Page);
        closedForCause.Remove(cpu);
        return null;
    }

    private string? Check(Call.submit_bio e, WritebackTracker t)
    {
        if (e.Segments.Count == 0)
        {
            return Fail("empty-bio", $"bio#{e.Bio} submitted empty");
        }
        var blocks = e.Blocks;
        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i] != blocks[i - 1] + 1)
            {
                return Fail("not-contiguous", $"bio#{e.Bio} blocks not contiguous: {blocks[i - 1]} then {blocks[i]}");
            }
        }
        var added = t.BuffersOf(e.Bio);
        foreach (var (page, bh, lands, _) in WritebackTracker.BlocksOf(e.Segments, blocks))
        {
            var entry = added.LastOrDefault(x => x.Page == page && x.Bh == bh);
            if (t.BioHolding(page, bh) != e.Bio || !added.Any(x => x.Page == page && x.Bh == bh))
            {
                return Fail("foreign-buffer", $"bio#{e.Bio} carries page {page} bh{bh} that io_submit_add_bh never added to it");
            }
            if (entry.Block != lands)
            {
                return Fail("wrong-block", $"bio#{e.Bio} writes page {page} bh{bh} (b_blocknr {entry.Block}) to block {lands}");
            }
        }
        return null;
    }
}
