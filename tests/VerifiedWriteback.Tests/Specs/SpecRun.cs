using Microsoft.Coyote;
using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// Feeds a crafted event stream to one spec through the one judging path: a <see cref="SpecSuite"/>
/// of that spec bound to Coyote (one iteration of Coyote's TestingEngine, one temperature
/// monitor), and the same suite without Coyote (<see cref="SpecSuite.Judge"/>), and asserts what both say.
/// </summary>
internal static class SpecRun
{
    /// <summary>The bug reports of one engine iteration that feeds every event to the suite, and the suite's verdict.</summary>
    public static (IReadOnlyList<string> Reports, SpecVerdict? Verdict) UnderCoyote(SpecInfo spec, IReadOnlyList<KernelEvent> events) =>
        UnderCoyote([spec], events);

    /// <summary>The same with a suite of <paramref name="specs"/>.</summary>
    public static (IReadOnlyList<string> Reports, SpecVerdict? Verdict) UnderCoyote(IReadOnlyList<SpecInfo> specs, IReadOnlyList<KernelEvent> events)
    {
        var config = Configuration.Create().WithTelemetryEnabled(false).WithTestingIterations(1);
        SpecSuite? suite = null;
        using var engine = TestingEngine.Create(config, (IActorRuntime runtime) =>
        {
            suite = new SpecSuite(specs);
            var sink = new CoyoteSuiteSink(runtime, suite);
            foreach (var e in events)
            {
                sink.Observe(e);
            }
        });
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        var reports = engine.TestReport.BugReports.ToArray();
        Assert.Equal(reports.Length, engine.TestReport.NumOfFoundBugs);
        return (reports, suite?.Verdict);
    }

    public static SpecInfo Spec(string name) =>
        SpecCatalog.Find(name) ?? throw new InvalidOperationException($"no spec named {name} in SpecCatalog.All");

    /// <summary>
    /// The safety spec reports exactly one bug, at the event marked <see cref="EventScript.Bug"/>,
    /// and its message starts with "[Spec]" and contains <paramref name="rule"/>. Returns the report.
    /// </summary>
    public static string Fires(string specName, EventScript script, string rule, string? kind = null)
    {
        var spec = Spec(specName);
        Assert.True(script.Culprit is not null, "mark the faulty event with .Bug()");
        var (reports, verdict) = UnderCoyote(spec, script.Events);
        var report = Assert.Single(reports);
        Assert.StartsWith($"[{specName}] ", report, StringComparison.Ordinal);
        Assert.Contains(rule, report, StringComparison.Ordinal);
        Assert.Contains($"(at event {script.Culprit} ", report, StringComparison.Ordinal);
        Assert.NotNull(verdict);
        Assert.Equal(specName, verdict.Spec);
        Assert.Equal(script.Culprit, verdict.AtEvent);
        // Every violation site names its kind, "Spec/site"; when the test knows it, exactly that one.
        Assert.StartsWith($"{specName}/", verdict.Kind, StringComparison.Ordinal);
        Assert.DoesNotContain("unspecified", verdict.Kind, StringComparison.Ordinal);
        if (kind is not null)
        {
            Assert.Equal($"{specName}/{kind}", verdict.Kind);
        }

        // Without Coyote (sequential runs, explaining a trace) the same suite names the same event.
        var plain = SpecSuite.Judge(script.Events, [spec]);
        Assert.NotNull(plain);
        Assert.Equal(specName, plain.Spec);
        Assert.Equal(report, plain.Report);
        return report;
    }

    /// <summary>
    /// The liveness spec reports exactly one bug: the suite's monitor still hot ('Owing') when the
    /// run ends, and the suite names the spec and what it owes (<paramref name="owed"/>). No safety
    /// violation on the way.
    /// </summary>
    public static string FiresLiveness(string specName, EventScript script, string owed, string? kind = null)
    {
        var spec = Spec(specName);
        Assert.True(spec.Liveness, $"{specName} is not a liveness spec");
        var (reports, verdict) = UnderCoyote(spec, script.Events);
        var report = Assert.Single(reports);
        Assert.Contains($".{nameof(SuiteMonitor)} detected liveness bug in hot state 'Owing'", report, StringComparison.Ordinal);
        Assert.DoesNotContain("[", report, StringComparison.Ordinal);
        Assert.NotNull(verdict);
        Assert.True(verdict.Liveness);
        Assert.Equal(specName, verdict.Spec);
        Assert.StartsWith($"{specName}/", verdict.Kind, StringComparison.Ordinal);
        Assert.DoesNotContain("unspecified", verdict.Kind, StringComparison.Ordinal);
        if (kind is not null)
        {
            Assert.Equal($"{specName}/{kind}", verdict.Kind);
        }

        var plain = SpecSuite.Judge(script.Events, [spec]);
        Assert.NotNull(plain);
        Assert.Equal(specName, plain.Spec);
        Assert.StartsWith("liveness: ", plain.Message, StringComparison.Ordinal);
        Assert.Contains(owed, plain.Message, StringComparison.Ordinal);
        return report;
    }

    /// <summary>The spec stays silent, under Coyote and without, and owes nothing at the end.</summary>
    public static void Silent(string specName, EventScript script)
    {
        var spec = Spec(specName);
        var (reports, verdict) = UnderCoyote(spec, script.Events);
        Assert.Empty(reports);
        Assert.Null(verdict);
        Assert.Null(SpecSuite.Judge(script.Events, [spec]));
    }
}
