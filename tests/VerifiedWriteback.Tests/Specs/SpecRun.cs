using Microsoft.Coyote;
using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// Feeds a crafted event stream to one spec as a real, registered Coyote monitor (one iteration of
/// Coyote's TestingEngine), and also to its plain logic (<see cref="SpecCatalog.Check"/>), and
/// asserts what both say.
/// </summary>
internal static class SpecRun
{
    /// <summary>The bug reports of one engine iteration that registers the spec and notifies it of every event.</summary>
    public static IReadOnlyList<string> AsMonitor(SpecInfo spec, IReadOnlyList<KernelEvent> events)
    {
        var config = Configuration.Create().WithTelemetryEnabled(false).WithTestingIterations(1);
        using var engine = TestingEngine.Create(config, (IActorRuntime runtime) =>
        {
            spec.Register(runtime);
            foreach (var e in events)
            {
                spec.Notify(runtime, new KernelCall(e));
            }
        });
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        var reports = engine.TestReport.BugReports.ToArray();
        Assert.Equal(reports.Length, engine.TestReport.NumOfFoundBugs);
        return reports;
    }

    public static SpecInfo Spec(string name) =>
        SpecCatalog.Find(name) ?? throw new InvalidOperationException($"no spec named {name} in SpecCatalog.All");

    /// <summary>
    /// The safety spec reports exactly one bug, at the event marked <see cref="EventScript.Bug"/>,
    /// and its message starts with "[Spec]" and contains <paramref name="rule"/>. Returns the report.
    /// </summary>
    public static string Fires(string specName, EventScript script, string rule)
    {
        var spec = Spec(specName);
        Assert.True(script.Culprit is not null, "mark the faulty event with .Bug()");
        var reports = AsMonitor(spec, script.Events);
        var report = Assert.Single(reports);
        Assert.StartsWith($"[{specName}] ", report, StringComparison.Ordinal);
        Assert.Contains(rule, report, StringComparison.Ordinal);
        Assert.Contains($"(at event {script.Culprit} ", report, StringComparison.Ordinal);

        // The plain logic, as sequential runs and trace explanations use it, names the same event.
        var plain = SpecCatalog.Check(script.Events, [spec]);
        Assert.NotNull(plain);
        Assert.Equal(specName, plain.Value.Spec);
        Assert.Contains(rule, plain.Value.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(at event {script.Culprit})", plain.Value.Message, StringComparison.Ordinal);
        return report;
    }

    /// <summary>
    /// The liveness spec reports exactly one bug: its monitor still hot ('Owing') when the run ends,
    /// and what it owes contains <paramref name="owed"/>. No safety violation on the way.
    /// </summary>
    public static string FiresLiveness(string specName, EventScript script, string owed)
    {
        var spec = Spec(specName);
        Assert.True(spec.Liveness, $"{specName} is not a liveness spec");
        var reports = AsMonitor(spec, script.Events);
        var report = Assert.Single(reports);
        Assert.Contains($".{specName} detected liveness bug in hot state 'Owing'", report, StringComparison.Ordinal);
        Assert.DoesNotContain("[", report, StringComparison.Ordinal);

        var plain = SpecCatalog.Check(script.Events, [spec]);
        Assert.NotNull(plain);
        Assert.Equal(specName, plain.Value.Spec);
        Assert.StartsWith("liveness: ", plain.Value.Message, StringComparison.Ordinal);
        Assert.Contains(owed, plain.Value.Message, StringComparison.Ordinal);
        return report;
    }

    /// <summary>The spec stays silent, as a Coyote monitor and as plain logic, and owes nothing at the end.</summary>
    public static void Silent(string specName, EventScript script)
    {
        var spec = Spec(specName);
        Assert.Empty(AsMonitor(spec, script.Events));
        Assert.Null(SpecCatalog.Check(script.Events, [spec]));
    }
}
