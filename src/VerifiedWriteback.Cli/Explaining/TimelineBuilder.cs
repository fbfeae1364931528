using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>Builds a <see cref="Timeline"/> from a trace and its replay.</summary>
public static class TimelineBuilder
{
    public static Timeline Build(string source, TraceFile trace, ReplayResult replay)
    {
        var scenario = ScenarioCatalog.Find(trace.Scenario)!;
        var variant = VariantCatalog.Find(trace.Variant)!;
        var events = replay.Events;
        var lanes = LanesOf(events);
        var byName = lanes.ToDictionary(l => l.Name);
        // The suite says where the spec fired, and which earlier step the violation rests on.
        var violatingSeq = replay.Verdict?.AtEvent;
        var implicatedSeq = replay.Verdict?.Implicated;

        var tracker = new PageStateTracker(Harness.BuildFiles(scenario).SelectMany(f => f.Pages));
        var steps = new List<TimelineStep>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var changed = tracker.Apply(e);
            var violating = e.Seq == violatingSeq;
            var isNamed = e.Seq == implicatedSeq;
            var next = i + 1 < events.Count ? events[i + 1] : null;
            var endsARun = next is null || next.Cpu != e.Cpu || next.GetType() != e.GetType() || next.SubjectPage != e.SubjectPage;
            var state = (changed && endsARun) || violating || isNamed ? (e.SubjectPage is { } p ? tracker.View(p) : null) : null;
            steps.Add(new TimelineStep(e, byName[e.Cpu], violating, state) { Implicated = isNamed });
        }

        var liveness = replay.Spec is not null && violatingSeq is null;
        var summary = replay.Spec is null
            ? "the run ended without a violation"
            : liveness
                ? $"the run ended with an obligation unmet: {replay.Message}"
                : $"the run stopped at step {violatingSeq}: {replay.Message}";
        return new Timeline
        {
            Source = source,
            Trace = trace,
            Scenario = scenario,
            Variant = variant,
            Spec = replay.Spec,
            Message = replay.Message,
            Reproduced = replay.Reproduced,
            Divergence = replay.Divergence,
            Finding = replay.Finding,
            Lanes = lanes,
            Steps = steps,
            Bios = BiosOf(events),
            End = new EndOfRun(liveness, summary, tracker.All()),
        };
    }

    /// <summary>Writers first, then fsync, completion CPUs, the conversion worker, the crypto engine; each group by number.</summary>
    private static IReadOnlyList<Lane> LanesOf(IReadOnlyList<KernelEvent> events)
    {
        var names = events.Select(e => e.Cpu).Distinct().ToList();
        var ordered = names
            .OrderBy(Rank)
            .ThenBy(n => n.Length)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToArray();
        var codes = new HashSet<string>();
        return ordered.Select((name, i) =>
        {
            var code = Code(name);
            return new Lane(name, codes.Add(code) ? code : $"L{i}");
        }).ToArray();
    }

    private static int Rank(string lane) =>
        lane.StartsWith("writer", StringComparison.Ordinal) ? 0
        : lane.StartsWith("fsync", StringComparison.Ordinal) ? 1
        : lane.StartsWith("completion", StringComparison.Ordinal) ? 2
        : lane.StartsWith("kworker", StringComparison.Ordinal) ? 3
        : lane.StartsWith("crypto", StringComparison.Ordinal) ? 4
        : 5;

    /// <summary>writer0 → W0, completion1 → C1, kworker → KW, crypto → CR.</summary>
    private static string Code(string lane)
    {
        var letters = new string(lane.TakeWhile(char.IsLetter).ToArray());
        var digits = new string(lane.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray());
        if (letters.Length == 0)
        {
            return lane.Length <= 2 ? lane.ToUpperInvariant() : lane[..2].ToUpperInvariant();
        }
        return digits.Length > 0 ? char.ToUpperInvariant(letters[0]) + digits : letters[..Math.Min(2, letters.Length)].ToUpperInvariant();
    }

    private static IReadOnlyList<BioLink> BiosOf(IReadOnlyList<KernelEvent> events)
    {
        var links = new List<BioLink>();
        foreach (var submit in events.OfType<Call.submit_bio>())
        {
            var endio = events.OfType<Call.bio_endio>().FirstOrDefault(e => e.Bio == submit.Bio && e.Seq > submit.Seq);
            if (endio is not null)
            {
                links.Add(new BioLink(submit.Bio, submit.Seq, endio.Seq));
            }
        }
        return links;
    }
}
