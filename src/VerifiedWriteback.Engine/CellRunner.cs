using System.Diagnostics;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Specs;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Engine;

/// <summary>One cell of a sweep: a scenario, a variant, a strategy, an iteration budget and a seed.</summary>
public sealed record Cell(Scenario Scenario, Variant Variant, string Strategy, uint Iterations, uint Seed);

/// <summary>What a cell's engine run found.</summary>
public sealed record CellResult(
    Cell Cell,
    int Iterations,
    double Seconds,
    string? Spec,
    string? Message,
    string? Trace,
    int? TraceSteps)
{
    /// <summary>Set when a <see cref="CellControl"/> stopped the engine early.</summary>
    public CellStop Stopped { get; init; }

    /// <summary>What the buggy run did: every kernel event, one line each (<see cref="Kernel.EventWire.Line"/>); a replay must do the same.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>The violation's rule id ("BouncePageLifetime/use-after-free"; the spec name when it has no site), null when clean.</summary>
    public string? Kind { get; init; }

    /// <summary>The catalogued finding whose signature the violating run matches, or NEW (null when clean).</summary>
    public string? Finding { get; init; }

    public bool BugFound => Spec is not null;
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;
}

/// <summary>
/// Runs Coyote's TestingEngine for one cell and names the violated spec. The name comes from the
/// buggy iteration's own <see cref="World.Verdict"/> (the suite knows which spec fired or owes;
/// a BUG_ON is "KernelBUG"), never from the text of Coyote's report.
/// </summary>
public static class CellRunner
{
    public static CellResult Run(Cell cell, EngineSettings settings, CellControl? control = null, int iterationsBefore = 0)
    {
        cell.Scenario.Validate();
        var config = settings.Configure(cell.Strategy, cell.Iterations, cell.Seed);
        var clock = Stopwatch.StartNew();
        World? last = null;
        using var engine = TestingEngine.Create(config, runtime => Harness.Start(runtime, cell.Scenario, cell.Variant, built: w => last = w));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        // Coyote 1.7.11 keeps every iteration's whole schedule as a string in the report's coverage
        // (CoverageInfo.ExploredPaths, whatever the configuration): about 6 KB per iteration, never
        // read by vwb. Emptying it as each iteration ends keeps a cell's memory flat.
        engine.RegisterEndIterationCallBack(_ => engine.TestReport.CoverageInfo.ExploredPaths.Clear());
        var stopped = CellStop.None;
        if (control is not null)
        {
            control.Clock.Start();
            var done = 0;
            engine.RegisterEndIterationCallBack(_ =>
            {
                control.IterationDone?.Invoke(iterationsBefore + ++done);
                if (stopped == CellStop.None && (control.Cancel.IsCancellationRequested || control.TimeIsUp))
                {
                    stopped = control.Cancel.IsCancellationRequested ? CellStop.Cancelled : CellStop.Timeout;
                    engine.Stop();
                }
            });
        }
        try
        {
            engine.Run();
        }
        catch (OutOfMemoryException)
        {
            throw new ToolOutOfMemoryException(cell, iterationsBefore);
        }
        clock.Stop();
        var report = engine.TestReport;
        var iterations = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        if (report.NumOfFoundBugs == 0)
        {
            return new CellResult(cell, iterations, clock.Elapsed.TotalSeconds, null, null, null, null) { Stopped = stopped };
        }
        if (last?.Crash is OutOfMemoryException)
        {
            throw new ToolOutOfMemoryException(cell, iterationsBefore + iterations);
        }
        var (spec, message) = Attribute(report.BugReports.First(), last);
        var trace = engine.ReproducibleTrace;
        return new CellResult(cell, iterations, clock.Elapsed.TotalSeconds, spec, message, trace, TraceFormat.CountSteps(trace))
        {
            Events = last?.Machine.Events.Select(Kernel.EventWire.Line).ToArray(),
            Kind = KindOf(last),
            Finding = Identify(spec, last),
        };
    }

    /// <summary>
    /// The spec and the message of a bug Coyote reported in the iteration that built
    /// <paramref name="world"/>. When nothing on the model's side explains it (a deadlock with
    /// nothing owed), it is a "Deadlock" with Coyote's own report.
    /// </summary>
    /// <summary>The rule id of the bug in the iteration that built <paramref name="world"/> ("Deadlock" as in <see cref="Attribute"/>).</summary>
    public static string KindOf(World? world) => world?.Verdict?.Kind ?? "Deadlock";

    /// <summary>The finding the buggy iteration's events show (up to the violating event), or NEW.</summary>
    public static string Identify(string spec, World? world) =>
        world?.Verdict is { } verdict && verdict.Spec == spec
            ? FindingSignatures.Identify(verdict, world.Machine.Events)
            : FindingSignatures.Identify(spec, world?.Machine.Events.ToArray() ?? []);

    public static (string Spec, string Message) Attribute(string coyoteReport, World? world) =>
        world?.Verdict is { } verdict ? (verdict.Spec, verdict.Liveness ? $"{verdict.Report}; {coyoteReport}" : verdict.Report) : ("Deadlock", coyoteReport);
}

/// <summary>A cell's run ran out of memory: a failure of vwb, never a finding about the model.</summary>
public sealed class ToolOutOfMemoryException(Cell cell, int iterations) : Exception(
    $"out of memory in cell {cell.Scenario.Name}/{cell.Variant.Name}/{cell.Strategy} after about {iterations} iterations " +
    "(a failure of vwb, not a finding: give the process more memory or fewer iterations)");
