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
        if (engine.TestReport.NumOfFoundBugs == 0)
        {
            return new ReplayResult(null, null, events, false);
        }
        var (spec, message) = CellRunner.Attribute(engine.TestReport.BugReports.First(), world);
        var finding = CellRunner.Identify(spec, world);
        // Reproduced: the same spec fires and, for a trace recorded as a finding, with that finding's signature.
        var reproduced = spec == trace.Spec && (trace.Finding is null || trace.Finding == finding);
        return new ReplayResult(spec, message, events, reproduced) { Verdict = world?.Verdict, Finding = finding };
    }
}
