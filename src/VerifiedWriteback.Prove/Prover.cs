using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Prove;

/// <summary>The shortest run found that violates a spec, and whether shorter ones were all ruled out.</summary>
public sealed record MinimalRun(RunResult Run, bool ProvenShortest, long Runs, double Seconds)
{
    /// <summary>When not proven shortest: the largest k for which it is proven shortest among runs with at most k preemptions.</summary>
    public int? ProvenWithinPreemptions { get; init; }
}

/// <summary>One cell's proof: the search, and for a violation its minimal run and trace.</summary>
public sealed record CellProof(MatrixEntry Entry, ProveResult Search, MinimalRun? Minimal, ProveTrace? Trace)
{
    /// <summary>"clean" when exhausted, the spec when violated, "timeout" when cut short.</summary>
    public string Outcome => Search.Outcome switch
    {
        ProveOutcome.Violation => Search.First!.Verdict!.Spec,
        ProveOutcome.Exhausted => MatrixEntry.Clean,
        _ => "timeout",
    };

    /// <summary>The finding the violating run shows (by its events), or NEW; null when there is no violation.</summary>
    public string? Found => Search.Outcome == ProveOutcome.Violation ? (Minimal?.Run ?? Search.First)?.Finding : null;

    /// <summary>Specs seen violated besides the outcome (a search for an expected bug goes on past others).</summary>
    public IReadOnlyList<string> OtherSpecs => Search.Verdicts.Where(v => v != Outcome).ToArray();

    /// <summary>
    /// A clean cell must be exhausted without the step bound cutting a run; a buggy one must violate
    /// the expected spec, by the expected finding's mechanism when the cell names one.
    /// </summary>
    public bool AsExpected => Entry.ExpectsBug
        ? Outcome == Entry.Expect && (Entry.Finding is null || Found == Entry.Finding)
        : Search.Outcome == ProveOutcome.Exhausted && Search.BoundedRuns == 0;
}

/// <summary>Proves cells: exhaust the search, or find the first violation and shrink it to a shortest run.</summary>
public static class Prover
{
    public static CellProof Prove(MatrixEntry entry, ProveOptions options, bool minimize = true)
    {
        var scenario = ScenarioCatalog.Find(entry.Scenario) ?? throw new ArgumentException($"unknown scenario '{entry.Scenario}'");
        var variant = VariantCatalog.Find(entry.Variant) ?? throw new ArgumentException($"unknown variant '{entry.Variant}'");
        scenario.Validate();
        var factory = KernelModel.Factory(scenario, variant);
        // A cell expected to show a finding looks for a run with that finding's signature: the same
        // spec may fire by another mechanism first (SyncIntegrity for F1 and for F5).
        var search = Explorer.Explore(factory, options with
        {
            TargetSpec = entry.ExpectsBug ? entry.Expect : null,
            TargetFinding = entry.ExpectsBug && FindingSignatures.Find(entry.Finding ?? "") is not null ? entry.Finding : null,
        });
        if (search.Outcome != ProveOutcome.Violation)
        {
            return new CellProof(entry, search, null, null);
        }
        var first = search.First!;
        var minimal = minimize ? Minimize(factory, first, options) : new MinimalRun(first, false, 0, 0);
        var trace = ToTrace(scenario, variant, minimal, options);
        return new CellProof(entry, search, minimal, trace);
    }

    /// <summary>
    /// The shortest run violating the same spec with the same finding (by its events), then the
    /// fewest preemptions among those.
    /// Phase 1, cheap: for k = 0, 1, ... up to the found run's preemptions, iterative deepening
    /// within k preemptions (every run of d steps for d = 1, 2, ... below the best so far) gives
    /// the shortest run with at most k preemptions. Phase 2, the proof: every run of fewer steps
    /// than the best, without any bound, is run (iterative deepening again); if none violates the
    /// spec, the best is proven shortest. The symmetry reduction, when on, is used here too: the
    /// renaming of idle completion CPUs it rests on maps a run to one of the same length with the
    /// same verdict at the same step (docs/PROVE.md). A timeout keeps the best found, not proven shortest.
    /// </summary>
    public static MinimalRun Minimize(ModelFactory factory, RunResult found, ProveOptions options)
    {
        var spec = found.Verdict!.Spec;
        var target = options with { TargetSpec = spec, TargetFinding = found.Finding, Progress = null };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long runs = 0;
        TimeSpan? Left() => (options.MinimizeTimeout ?? options.Timeout) is { } t ? (t - clock.Elapsed > TimeSpan.Zero ? t - clock.Elapsed : TimeSpan.Zero) : null;
        var best = found;

        // Deepens d = 1 .. best.Steps - 1 within the bound; true when it timed out.
        bool Deepen(int? preemptions)
        {
            for (var d = 1; d < best.Steps; d++)
            {
                var level = Explorer.Explore(factory, target with { MaxSteps = d, Preemptions = preemptions, Timeout = Left() });
                runs += level.Runs;
                if (level.Outcome == ProveOutcome.Violation && target.IsTarget(level.First!))
                {
                    best = level.First;
                    return false;
                }
                if (level.Outcome == ProveOutcome.Timeout)
                {
                    return true;
                }
            }
            return false;
        }

        int? within = null;
        for (var k = 0; k <= found.Preemptions; k++)
        {
            if (Deepen(k))
            {
                return new MinimalRun(best, false, runs, clock.Elapsed.TotalSeconds) { ProvenWithinPreemptions = within };
            }
            within = k;
        }
        var proven = !Deepen(null);
        // At the shortest length, the fewest preemptions.
        for (var k = 0; proven && k < best.Preemptions; k++)
        {
            var level = Explorer.Explore(factory, target with { MaxSteps = best.Steps, Preemptions = k, Timeout = Left() });
            runs += level.Runs;
            if (level.Outcome == ProveOutcome.Violation && target.IsTarget(level.First!) && level.First!.Steps == best.Steps)
            {
                best = level.First;
                break;
            }
            if (level.Outcome == ProveOutcome.Timeout)
            {
                break;
            }
        }
        return new MinimalRun(best, proven, runs, clock.Elapsed.TotalSeconds) { ProvenWithinPreemptions = proven ? null : within };
    }

    /// <summary>Re-runs <paramref name="minimal"/>'s decisions, recording their labels, as a trace.</summary>
    public static ProveTrace ToTrace(Scenario scenario, Variant variant, MinimalRun minimal, ProveOptions options)
    {
        var recorder = new RecordingChooser(new DfsChooser(minimal.Run.Decisions));
        var rerun = Explorer.RunOnce(KernelModel.Factory(scenario, variant), recorder,
            options with { Symmetry = minimal.Run.Limits.Symmetry, Preemptions = minimal.Run.Limits.Preemptions, MaxSteps = Math.Max(minimal.Run.Steps, 1) }, out _);
        if (rerun.Verdict?.Spec != minimal.Run.Verdict?.Spec || rerun.Finding != minimal.Run.Finding)
        {
            throw new InvalidOperationException($"the run did not reproduce when re-run ({rerun.Verdict?.Spec ?? "clean"} {rerun.Finding} instead of {minimal.Run.Verdict?.Spec} {minimal.Run.Finding})");
        }
        return new ProveTrace
        {
            ModelVersion = ModelVersion.Current,
            Scenario = scenario.Name,
            ScenarioFingerprint = scenario.Fingerprint(),
            Variant = variant.Name,
            Finding = rerun.Finding,
            Spec = rerun.Verdict!.Spec,
            Message = rerun.Verdict.Report,
            Steps = rerun.Steps,
            Preemptions = rerun.Preemptions,
            ProvenShortest = minimal.ProvenShortest,
            ProvenShortestWithinPreemptions = minimal.ProvenWithinPreemptions,
            MaxSteps = options.MaxSteps,
            Schedule = recorder.Labels,
        };
    }
}
