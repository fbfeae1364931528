using VerifiedWriteback.Kernel;
using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// Every spec stays silent on the actor model with the upstream fixes: short random Coyote sweeps
/// of scenarios whose streams exercise the specs' rules (keep_towrite and fsync, unwritten
/// conversion, bounce pages), once through the suite sink and once with each spec registered as its
/// own monitor. Short on purpose (a few seconds); the long sweeps belong to the sweep matrix.
/// </summary>
public sealed class ActorSweepTests
{
    private const uint Seed = 4404;

    private static Variant Upstream => VariantCatalog.Find("4.4-fixed")!;

    [Theory]
    [InlineData("fsync-race")]
    [InlineData("unwritten-conversion")]
    [InlineData("encrypted-writeback")]
    public void The_suite_stays_silent_on_a_random_sweep_of_the_upstream_model(string scenario)
    {
        var result = CellRunner.Run(new Cell(ScenarioCatalog.Find(scenario)!, Upstream, "random", 50, Seed), new EngineSettings());
        Assert.Null(result.Message);
        Assert.False(result.BugFound);
        Assert.Equal(50, result.Iterations);
    }

    [Theory]
    [InlineData("fsync-race", new[] { typeof(Call.tag_pages_for_writeback), typeof(Call.set_page_writeback), typeof(Call.fsync), typeof(Call.fsync_return), typeof(Call.bio_endio), typeof(Call.end_page_writeback) })]
    [InlineData("unwritten-conversion", new[] { typeof(Call.io_submit_add_bh), typeof(Call.ext4_convert_unwritten_extents), typeof(Call.end_page_writeback) })]
    [InlineData("journal-commit-keepwrite", new[] { typeof(Call.tag_pages_for_writeback), typeof(Call.redirty_page_for_writepage), typeof(Call.set_page_writeback_keepwrite), typeof(Call.end_page_writeback) })]
    [InlineData("encrypted-writeback", new[] { typeof(Call.ext4_encrypt), typeof(Call.submit_bio), typeof(Call.ext4_restore_control_page), typeof(Call.end_page_writeback) })]
    public void The_suite_stays_silent_on_the_upstream_model_and_sees_the_calls_its_rules_are_about(string scenario, Type[] calls)
    {
        World? last = null;
        var config = new EngineSettings().Configure("random", 20, Seed);
        using var engine = TestingEngine.Create(config, (IActorRuntime runtime) =>
            last = Harness.Start(runtime, ScenarioCatalog.Find(scenario)!, Upstream, SpecCatalog.All));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        Assert.Empty(engine.TestReport.BugReports);
        Assert.Equal(20, engine.TestReport.NumOfExploredFairPaths + engine.TestReport.NumOfExploredUnfairPaths);

        // The monitors saw the calls their rules are about, not an empty run.
        Assert.NotNull(last);
        var seen = last.Machine.Events.Select(e => e.GetType()).ToHashSet();
        Assert.Superset(calls.ToHashSet(), seen);
        if (scenario == "fsync-race")
        {
            Assert.Contains(last.Machine.Events, e => e is Call.fsync_return { Ret: 0 });
            Assert.Contains(last.Machine.Events, e => e is Call.fsync { Dirty.Count: > 0 });
        }
        if (scenario == "unwritten-conversion")
        {
            Assert.Contains(last.Machine.Events, e => e is Call.io_submit_add_bh { Unwritten: true });
        }
    }
}
