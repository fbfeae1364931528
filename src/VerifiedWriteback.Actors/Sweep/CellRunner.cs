using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Specs;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Actors.Sweep;

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

    public bool BugFound => Spec is not null;
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;
}

/// <summary>
/// Runs Coyote's TestingEngine for one cell and names the violated spec. Safety violations are
/// assertion failures whose text starts with "[Spec]"; liveness violations name the monitor;
/// a kernel BUG_ON is reported as "KernelBUG".
/// </summary>
public static partial class CellRunner
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
        var message = report.BugReports.First();
        if (IsOutOfMemory(message))
        {
            throw new ToolOutOfMemoryException(cell, iterationsBefore + iterations);
        }
        var trace = engine.ReproducibleTrace;
        var (spec, attributed) = Attribute(message, last?.Machine.Events ?? []);
        message = attributed;
        return new CellResult(cell, iterations, clock.Elapsed.TotalSeconds, spec, message, trace, TraceFormat.CountSteps(trace));
    }

    /// <summary>
    /// The spec a bug report names, and the report. A deadlock or a liveness report of the spec
    /// suite names no spec: the liveness spec that still owes something in the run's events does.
    /// </summary>
    public static (string Spec, string Message) Attribute(string bugReport, IReadOnlyList<Kernel.KernelEvent> events)
    {
        var spec = SpecOf(bugReport);
        if (spec is "Deadlock" or nameof(SpecSuite) && SpecCatalog.Check(events, SpecCatalog.All.Where(s => s.Liveness)) is { } owed)
        {
            return (owed.Spec, $"[{owed.Spec}] {owed.Message}; {bugReport}");
        }
        return (spec, bugReport);
    }

    /// <summary>The spec a Coyote bug report names.</summary>
    public static string SpecOf(string bugReport)
    {
        var safety = SafetyPattern().Match(bugReport);
        if (safety.Success)
        {
            return safety.Groups[1].Value;
        }
        var liveness = LivenessPattern().Match(bugReport);
        if (liveness.Success)
        {
            return liveness.Groups[1].Value;
        }
        if (bugReport.StartsWith("Deadlock detected", StringComparison.Ordinal))
        {
            return "Deadlock";
        }
        return bugReport.Contains("kernel BUG", StringComparison.Ordinal) ? "KernelBUG" : "Other";
    }

    /// <summary>
    /// Whether a Coyote bug report is an OutOfMemoryException thrown in the run (in an actor,
    /// "Unhandled exception. System.OutOfMemoryException", or in a monitor or handler, "Exception
    /// 'System.OutOfMemoryException' was thrown in"): the process ran out of memory, the model did nothing wrong.
    /// </summary>
    public static bool IsOutOfMemory(string bugReport) => OutOfMemoryPattern().IsMatch(bugReport);

    [GeneratedRegex(@"^(?:Unhandled exception\. |Exception ')System\.OutOfMemoryException\b")]
    private static partial Regex OutOfMemoryPattern();

    [GeneratedRegex(@"\[(\w+)\] ")]
    private static partial Regex SafetyPattern();

    [GeneratedRegex(@"(?:[\w.]+\.)?(\w+)'? detected liveness bug")]
    private static partial Regex LivenessPattern();
}

/// <summary>A cell's run ran out of memory: a failure of vwb, never a finding about the model.</summary>
public sealed class ToolOutOfMemoryException(Cell cell, int iterations) : Exception(
    $"out of memory in cell {cell.Scenario.Name}/{cell.Variant.Name}/{cell.Strategy} after about {iterations} iterations " +
    "(a failure of vwb, not a finding: give the process more memory or fewer iterations)");
