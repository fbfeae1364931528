using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Engine;

/// <summary>What a replay showed: the violated spec (if any), its message, every kernel event of the run, and the suite's verdict (where it fired).</summary>
public sealed record ReplayResult(string? Spec, string? Message, IReadOnlyList<KernelEvent> Events, bool Reproduced)
{
    public SpecVerdict? Verdict { get; init; }

    /// <summary>Where the replayed run first differed from the recorded one (null when it did what the trace recorded).</summary>
    public string? Divergence { get; init; }

    /// <summary>The catalogued finding whose signature the replayed run matches, or NEW; null without a violation.</summary>
    public string? Finding { get; init; }
}

/// <summary>Replays a saved trace deterministically with Coyote's replay strategy.</summary>
public static class Replayer
{
    public static ReplayResult Replay(TraceFile trace)
    {
        var scenario = ScenarioCatalog.Find(trace.Scenario) ?? throw new TraceError($"unknown scenario '{trace.Scenario}'");
        var variant = VariantCatalog.Find(trace.Variant) ?? throw new TraceError($"unknown variant '{trace.Variant}'");
        var config = Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithTestingIterations(1)
            .WithMaxSchedulingSteps(trace.MaxSteps)
            .WithReproducibleTrace(trace.CoyoteTrace);
        World? world = null;
        using var engine = TestingEngine.Create(config, runtime => Harness.Start(runtime, scenario, variant, built: w => world = w));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        var events = world?.Machine.Events.ToArray() ?? [];
        var divergence = Diverges(trace, events, engine.TestReport.NumOfFoundBugs > 0 ? TraceFormat.CountSteps(engine.ReproducibleTrace) : null);
        if (engine.TestReport.NumOfFoundBugs == 0)
        {
            return new ReplayResult(null, null, events, false) { Divergence = divergence };
        }
        var (spec, message) = CellRunner.Attribute(engine.TestReport.BugReports.First(), world);
        var finding = CellRunner.Identify(spec, world);
        // Reproduced: the same spec fires, a trace recorded as a finding shows that finding's signature, and the whole interleaving matches.
        var reproduced = spec == trace.Spec && (trace.Finding is null || trace.Finding == finding) && divergence is null;
        return new ReplayResult(spec, message, events, reproduced) { Verdict = world?.Verdict, Finding = finding, Divergence = divergence };
    }

    /// <summary>
    /// The first difference between the run the trace recorded and the replayed one: an event that
    /// differs, a run of another length, or another number of scheduling steps. Null when the
    /// replay did exactly what the trace recorded.
    /// </summary>
    public static string? Diverges(TraceFile trace, IReadOnlyList<KernelEvent> replayed, int? replayedSteps)
    {
        if (trace.Events is not { } recorded)
        {
            return "the trace does not record its run's events, so the replay cannot be checked against it: re-record it with vwb sweep";
        }
        // An edited schedule is named, and so is where its run first left the recorded one.
        var edited = trace.Steps is { } header && TraceFormat.CountSteps(trace.CoyoteTrace) is { } scheduled && scheduled != header
            ? $"the trace's schedule has {scheduled} scheduling steps but its run recorded {header}: the schedule was edited"
            : null;
        var where = FirstDifference(recorded, replayed.Select(EventWire.Line).ToArray());
        if (edited is not null)
        {
            return where is null ? edited : $"{where}; {edited}";
        }
        if (where is not null)
        {
            return where;
        }
        if (trace.Steps is { } steps && replayedSteps is { } taken && steps != taken)
        {
            return $"the replay took {taken} scheduling steps, the trace records {steps}";
        }
        return null;
    }

    private static string? FirstDifference(IReadOnlyList<string> recorded, string[] lines)
    {
        for (var i = 0; i < Math.Min(recorded.Count, lines.Length); i++)
        {
            if (recorded[i] != lines[i])
            {
                return $"first diverged at event {i + 1}: recorded `{recorded[i]}`, replayed `{lines[i]}`";
            }
        }
        if (recorded.Count == lines.Length)
        {
            return null;
        }
        return lines.Length < recorded.Count
            ? $"first diverged at event {lines.Length + 1}: the replay ended after {lines.Length} events, the trace recorded {recorded.Count} (next: `{recorded[lines.Length]}`)"
            : $"first diverged at event {recorded.Count + 1}: the trace recorded {recorded.Count} events, the replay went on (`{lines[recorded.Count]}`)";
    }
}
