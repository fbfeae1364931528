using System.Diagnostics;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Prove;

/// <summary>How a run ended.</summary>
public enum RunEnd
{
    /// <summary>Nothing enabled and no verdict: a clean complete run.</summary>
    Quiescent,
    /// <summary>A spec fired, a kernel BUG, a deadlock or a liveness obligation left at quiescence.</summary>
    Violation,
    /// <summary>The step bound cut it.</summary>
    Bounded,
}

/// <summary>One run: how it ended, its verdict, its final-state digest, its length, and the decisions that make it.</summary>
public sealed record RunResult(RunEnd End, SpecVerdict? Verdict, ulong StateHash, int Steps, int Preemptions, IReadOnlyList<int> Decisions)
{
    /// <summary>The reductions and bounds the run was made under: its decisions replay only under the same ones.</summary>
    public RunLimits Limits { get; init; } = new(false, null);

    /// <summary>For a violation, the catalogued finding its events show (or NEW); null when clean or when the model catalogues none.</summary>
    public string? Finding { get; init; }
}

/// <summary>How a cell's search ended.</summary>
public enum ProveOutcome
{
    /// <summary>Every schedule and fault choice (within the bounds) was run: no violation.</summary>
    Exhausted,
    /// <summary>A run violated a spec: <see cref="ProveResult.First"/>.</summary>
    Violation,
    /// <summary>The time limit or a cancellation stopped the search first.</summary>
    Timeout,
}

/// <summary>Options of a search.</summary>
public sealed record ProveOptions
{
    /// <summary>Offer only the first of several idle completion CPUs (they differ only in name).</summary>
    public bool Symmetry { get; init; }

    /// <summary>At most this many preemptions per run (then "exhausted within K preemptions").</summary>
    public int? Preemptions { get; init; }

    /// <summary>A run longer than this is cut and the cell is "bounded", never "exhausted" without saying so.</summary>
    public int MaxSteps { get; init; } = 5000;

    public TimeSpan? Timeout { get; init; }

    /// <summary>The time limit of the shrinking of a found violation (default: <see cref="Timeout"/>).</summary>
    public TimeSpan? MinimizeTimeout { get; init; }
    public CancellationToken Cancel { get; init; }

    /// <summary>Stop at the first violation (prove); otherwise go on and count (the pruning checks).</summary>
    public bool StopAtViolation { get; init; } = true;

    /// <summary>
    /// Only a violation of this spec stops the search; a run violating another spec is recorded and
    /// the search goes on (as the sweep does for a cell expected to find a given bug). If the
    /// search ends without the target, the first other violation is the outcome.
    /// </summary>
    public string? TargetSpec { get; init; }

    /// <summary>
    /// With <see cref="TargetSpec"/>: only a violation whose run shows this finding (its events match
    /// the finding's signature) is the target; one of the same spec by another mechanism is "other".
    /// </summary>
    public string? TargetFinding { get; init; }

    /// <summary>Whether <paramref name="run"/>'s violation is what the search is for.</summary>
    public bool IsTarget(RunResult run) =>
        run.Verdict is { } v && (TargetSpec is null || TargetSpec == v.Spec) && (TargetFinding is null || TargetFinding == run.Finding);

    /// <summary>Called every <see cref="ProgressEvery"/> runs.</summary>
    public Action<ProveProgress>? Progress { get; init; }
    public int ProgressEvery { get; init; } = 2000;
}

/// <summary>Counts so far, for a live display.</summary>
public sealed record ProveProgress(long Runs, long Finals, long Steps, double Seconds);

/// <summary>What a search found.</summary>
public sealed record ProveResult
{
    public required ProveOutcome Outcome { get; init; }
    /// <summary>Complete runs executed (schedules).</summary>
    public long Runs { get; init; }
    /// <summary>Distinct final states of the runs (their state hashes).</summary>
    public long Finals { get; init; }
    /// <summary>Branches the reductions removed (symmetric completion CPUs), never run.</summary>
    public long Pruned { get; init; }
    /// <summary>Scheduling steps over all runs.</summary>
    public long Steps { get; init; }
    public double Seconds { get; init; }
    /// <summary>Runs the step bound cut (a cell with any is not exhausted without bound).</summary>
    public long BoundedRuns { get; init; }
    /// <summary>Whether the preemption bound removed a schedule.</summary>
    public bool PreemptionBounded { get; init; }
    /// <summary>The first violating run when the outcome is Violation (of the target spec if it fired, else of another); on a timeout, a violation of another spec seen before it.</summary>
    public RunResult? First { get; init; }
    /// <summary>Every verdict seen (spec names), when the search went on past violations.</summary>
    public IReadOnlySet<string> Verdicts { get; init; } = new SortedSet<string>(StringComparer.Ordinal);
    /// <summary>The final-state hashes (for the pruning checks).</summary>
    public IReadOnlySet<ulong> FinalStates { get; init; } = new HashSet<ulong>();
}

/// <summary>
/// Stateless depth-first search over every decision of a model: which enabled process runs next,
/// which queued bio an idle completion CPU takes, and every allowed fault. Each run re-executes
/// the model from the start along a decision prefix, then takes the first alternative at every
/// new choice point; the next run changes the deepest decision that has an untried alternative.
/// A run is a deterministic function of its decisions, so this visits every run of the tree.
/// </summary>
public static class Explorer
{
    public static ProveResult Explore(ModelFactory factory, ProveOptions options)
    {
        var clock = Stopwatch.StartNew();
        var dfs = new DfsChooser();
        var finals = new HashSet<ulong>();
        var verdicts = new SortedSet<string>(StringComparer.Ordinal);
        long runs = 0, steps = 0, pruned = 0, bounded = 0;
        var preemptionBounded = false;
        RunResult? firstOther = null;
        while (true)
        {
            var run = RunOnce(factory, dfs, options, out var model);
            runs++;
            steps += run.Steps;
            pruned += model.Execution.PrunedBranches;
            preemptionBounded |= model.Execution.PreemptionBoundHit;
            if (run.End == RunEnd.Bounded)
            {
                bounded++;
            }
            else
            {
                finals.Add(run.StateHash);
            }
            if (run.Verdict is { } v)
            {
                verdicts.Add(v.Spec);
                if (options.StopAtViolation && options.IsTarget(run))
                {
                    return Result(ProveOutcome.Violation, run);
                }
                firstOther ??= run;
            }
            if (options.Progress is { } progress && runs % options.ProgressEvery == 0)
            {
                progress(new ProveProgress(runs, finals.Count, steps, clock.Elapsed.TotalSeconds));
            }
            if (!dfs.Next())
            {
                // Every run done: the target spec never fired; another one may have.
                return options.StopAtViolation && firstOther is not null ? Result(ProveOutcome.Violation, firstOther) : Result(ProveOutcome.Exhausted, null);
            }
            if ((options.Timeout is { } limit && clock.Elapsed >= limit) || options.Cancel.IsCancellationRequested)
            {
                return Result(ProveOutcome.Timeout, firstOther);
            }
        }

        ProveResult Result(ProveOutcome outcome, RunResult? first) => new()
        {
            Outcome = outcome,
            Runs = runs,
            Finals = finals.Count,
            Pruned = pruned,
            Steps = steps,
            Seconds = clock.Elapsed.TotalSeconds,
            BoundedRuns = bounded,
            PreemptionBounded = preemptionBounded,
            First = first,
            Verdicts = verdicts,
            FinalStates = finals,
        };
    }

    /// <summary>Runs the model once with <paramref name="chooser"/>'s decisions, to its end, a violation or the step bound.</summary>
    public static RunResult RunOnce(ModelFactory factory, IChooser chooser, ProveOptions options, out IModel model)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var limits = new RunLimits(options.Symmetry, options.Preemptions);
            model = factory(chooser, limits);
            var exec = model.Execution;
            while (true)
            {
                if (exec.Steps >= options.MaxSteps && exec.Processes.Any(p => p.Enabled))
                {
                    return new RunResult(RunEnd.Bounded, null, 0, exec.Steps, exec.Preemptions, Decisions(chooser)) { Limits = limits };
                }
                var ran = exec.Step();
                if (ran is null)
                {
                    var verdict = model.AtQuiescence();
                    return new RunResult(verdict is null ? RunEnd.Quiescent : RunEnd.Violation, verdict, model.StateHash(), exec.Steps, exec.Preemptions, Decisions(chooser))
                    {
                        Limits = limits,
                        Finding = verdict is null ? null : model.FindingOf(verdict),
                    };
                }
                if (model.Violation() is { } violation)
                {
                    return new RunResult(RunEnd.Violation, violation, model.StateHash(), exec.Steps, exec.Preemptions, Decisions(chooser))
                    {
                        Limits = limits,
                        Finding = model.FindingOf(violation),
                    };
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static IReadOnlyList<int> Decisions(IChooser chooser) => chooser is DfsChooser d ? d.Taken() : [];
}

/// <summary>
/// The decision stack of the depth-first search: one entry per choice point with more than one
/// alternative (chosen index, number of alternatives). A run follows the stack, then extends it
/// with the first alternative at each new point.
/// </summary>
public sealed class DfsChooser : IChooser
{
    private readonly List<(int Chosen, int N)> stack = [];
    private int pos;

    /// <summary>A chooser that first follows <paramref name="prefix"/> (indices at points with more than one alternative).</summary>
    public DfsChooser(IReadOnlyList<int>? prefix = null)
    {
        foreach (var c in prefix ?? [])
        {
            stack.Add((c, int.MaxValue));
        }
    }

    public int Choose(int n, Func<int, string> label)
    {
        if (n <= 1)
        {
            return 0;
        }
        if (pos < stack.Count)
        {
            var (chosen, recorded) = stack[pos];
            if (recorded != int.MaxValue && recorded != n)
            {
                throw new ExplorerEscape($"the model is not deterministic: choice point {pos} had {recorded} alternatives and now has {n}");
            }
            if (chosen >= n)
            {
                throw new ExplorerEscape($"decision {chosen} at choice point {pos} is out of range ({n} alternatives)");
            }
            stack[pos] = (chosen, n);
            pos++;
            return chosen;
        }
        stack.Add((0, n));
        pos++;
        return 0;
    }

    /// <summary>The decisions of the run that just ended (up to the last point it reached).</summary>
    public IReadOnlyList<int> Taken() => stack.Take(pos).Select(s => s.Chosen).ToArray();

    /// <summary>Moves to the next run: the deepest point with an untried alternative takes it; false when none is left.</summary>
    public bool Next()
    {
        // A run that ended before reaching the end of the prefix (a violation) leaves deeper entries: drop them.
        if (stack.Count > pos)
        {
            stack.RemoveRange(pos, stack.Count - pos);
        }
        pos = 0;
        while (stack.Count > 0)
        {
            var (chosen, n) = stack[^1];
            if (chosen + 1 < n)
            {
                stack[^1] = (chosen + 1, n);
                return true;
            }
            stack.RemoveAt(stack.Count - 1);
        }
        return false;
    }
}

/// <summary>Replays a schedule by its labels: each decision names the alternative it takes.</summary>
public sealed class LabelChooser(IReadOnlyList<string> labels) : IChooser
{
    private int pos;

    /// <summary>The labels of every decision taken, in order (whatever chooser this one stands in for).</summary>
    public List<string> Taken { get; } = [];

    public bool Finished => pos >= labels.Count;

    public int Choose(int n, Func<int, string> label)
    {
        if (pos >= labels.Count)
        {
            throw new ScheduleMismatch($"the schedule ends after {labels.Count} decisions but the run goes on (next: {Alternatives(n, label)})");
        }
        var want = labels[pos];
        for (var i = 0; i < n; i++)
        {
            if (label(i) == want)
            {
                pos++;
                Taken.Add(want);
                return i;
            }
        }
        throw new ScheduleMismatch($"decision {pos + 1}: '{want}' is not possible here (possible: {Alternatives(n, label)})");
    }

    private static string Alternatives(int n, Func<int, string> label) => string.Join(", ", Enumerable.Range(0, n).Select(label));
}

/// <summary>A recorded schedule that does not fit the model: one line for the user.</summary>
public sealed class ScheduleMismatch(string message) : Exception(message);

/// <summary>Records the labels of the decisions another chooser makes (to save a run as a trace).</summary>
public sealed class RecordingChooser(IChooser inner) : IChooser
{
    public List<string> Labels { get; } = [];

    public int Choose(int n, Func<int, string> label)
    {
        var i = inner.Choose(n, label);
        Labels.Add(label(i));
        return i;
    }
}
