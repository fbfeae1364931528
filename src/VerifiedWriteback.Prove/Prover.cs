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

    /// <summary>A clean cell must be exhausted without the step bound cutting a run; a buggy one must violate the expected spec.</summary>
    /// <summary>Specs seen violated besides the outcome (a search for an expected bug goes on past others).</summary>
    public IReadOnlyList<string> OtherSpecs => Search.Verdicts.Where(v => v != Outcome).ToArray();

    public bool AsExpected => Entry.ExpectsBug ? Outcome == Entry.Expect : Search.Outcome == ProveOutcome.Exhausted && Search.BoundedRuns == 0;
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
        var search = Explorer.Explore(factory, options with { TargetSpec = entry.ExpectsBug ? entry.Expect : null });
        if (search.Outcome != ProveOutcome.Violation)
        {
            return new CellProof(entry, search, null, null);
        }
        var first = search.First!;
        var minimal = minimize ? Minimize(factory, first, options) : new MinimalRun(first, false, 0, 0);
        var trace = ToTrace(scenario, variant, entry.Finding, minimal, options);
        return new CellProof(entry, search, minimal, trace);
    }

    /// <summary>
    /// The shortest run violating the same spec, then the fewest preemptions among those.
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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long runs = 0;
        TimeSpan? Left() => (options.MinimizeTimeout ?? options.Timeout) is { } t ? (t - clock.Elapsed > TimeSpan.Zero ? t - clock.Elapsed : TimeSpan.Zero) : null;
        var best = found;

        // Deepens d = 1 .. best.Steps - 1 within the bound; true when it timed out.
        bool Deepen(int? preemptions)
        {
            for (var d = 1; d < best.Steps; d++)
            {
                var level = Explorer.Explore(factory, options with { MaxSteps = d, TargetSpec = spec, Preemptions = preemptions, Timeout = Left(), Progress = null });
                runs += level.Runs;
                if (level.Outcome == ProveOutcome.Violation && level.First!.Verdict!.Spec == spec)
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
            var level = Explorer.Explore(factory, options with { MaxSteps = best.Steps, TargetSpec = spec, Preemptions = k, Timeout = Left(), Progress = null });
            runs += level.Runs;
            if (level.Outcome == ProveOutcome.Violation && level.First!.Verdict!.Spec == spec && level.First.Steps == best.Steps)
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
    public static ProveTrace ToTrace(Scenario scenario, Variant variant, string? finding, MinimalRun minimal, ProveOptions options)
    {
        var recorder = new RecordingChooser(new DfsChooser(minimal.Run.Decisions));
        var rerun = Explorer.RunOnce(KernelModel.Factory(scenario, variant), recorder,
            options with { Symmetry = minimal.Run.Limits.Symmetry, Preemptions = minimal.Run.Limits.Preemptions, MaxSteps = Math.Max(minimal.Run.Steps, 1) }, out _);
        if (rerun.Verdict?.Spec != minimal.Run.Verdict?.Spec)
        {
            throw new InvalidOperationException($"the run did not reproduce when re-run ({rerun.Verdict?.Spec ?? "clean"} instead of {minimal.Run.Verdict?.Spec})");
        }
        return new ProveTrace
        {
            ModelVersion = ModelVersion.Current,
            Scenario = scenario.Name,
            ScenarioFingerprint = scenario.Fingerprint(),
            Variant = variant.Name,
            Finding = finding,
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
