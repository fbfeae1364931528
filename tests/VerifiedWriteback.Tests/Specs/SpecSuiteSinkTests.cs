using Microsoft.Coyote;
using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// The one judging path (every spec in one <see cref="SpecSuite"/>, one temperature monitor): a
/// violation names its spec and the suite keeps that verdict, only the selected specs run, the
/// temperature follows the union of the specs' obligations, and CellRunner names the spec that
/// owes from the suite itself when Coyote reports a liveness bug or a deadlock.
/// </summary>
public sealed class SpecSuiteSinkTests
{
    private static IReadOnlyList<string> ThroughSuite(IEnumerable<SpecInfo> specs, EventScript script) =>
        SpecRun.UnderCoyote(specs.ToArray(), script.Events).Reports;

    private static SpecVerdict? VerdictOf(IEnumerable<SpecInfo> specs, EventScript script) =>
        SpecRun.UnderCoyote(specs.ToArray(), script.Events).Verdict;

    private const string SuiteLiveness = "VerifiedWriteback.Specs.SuiteMonitor detected liveness bug in hot state 'Owing'";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);

    /// <summary>A correct one-buffer write of page 1 and the completion that ends its writeback.</summary>
    private static EventScript Written(EventScript s) => s
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1)
        .submit_bio(Bio1)
        .Complete(Bio1);

    /// <summary>The completion's end_page_writeback replayed (H4's second end).</summary>
    private static EventScript EndedTwice() => Written(new EventScript()).On("completion1").end_page_writeback(1).Bug();

    [Fact]
    public void A_violation_through_the_suite_names_its_spec()
    {
        var script = EndedTwice();
        var report = Assert.Single(ThroughSuite(SpecCatalog.All, script));
        Assert.StartsWith("[WritebackEndsOnce] end_page_writeback on page 1 whose writeback already ended", report, StringComparison.Ordinal);
        Assert.Contains($"(at event {script.Culprit} completion1: end_page_writeback(page 1))", report, StringComparison.Ordinal);
        var verdict = VerdictOf(SpecCatalog.All, script);
        Assert.NotNull(verdict);
        Assert.Equal(("WritebackEndsOnce", script.Culprit), (verdict.Spec, verdict.AtEvent));
        Assert.Equal(report, verdict.Report);
    }

    [Fact]
    public void The_suite_runs_only_the_selected_specs()
    {
        var others = SpecCatalog.All.Where(s => s.Name != "WritebackEndsOnce");
        Assert.Empty(ThroughSuite(others, EndedTwice()));
    }

    [Fact]
    public void The_suite_is_silent_and_cold_after_a_correct_write() =>
        Assert.Empty(ThroughSuite(SpecCatalog.All, Written(new EventScript())));

    [Fact]
    public void A_hang_through_the_suite_is_a_liveness_bug_of_the_suite_attributed_to_the_owing_spec()
    {
        // The bio is submitted but never completes: writeback and the cleaned data are owed.
        var script = new EventScript()
            .Enter(1)
            .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
            .Leave(1)
            .submit_bio(Bio1);
        var report = Assert.Single(ThroughSuite(SpecCatalog.All, script));
        Assert.Contains(SuiteLiveness, report, StringComparison.Ordinal);
        // The suite itself knows who owes: the first liveness spec, in catalog order, that owes.
        var owed = VerdictOf(SpecCatalog.All, script);
        Assert.NotNull(owed);
        Assert.Equal(("WritebackEventuallyEnds", "liveness: page(s) 1 still under writeback", true), (owed.Spec, owed.Message, owed.Liveness));
    }

    [Fact]
    public void The_suite_stays_hot_while_any_spec_owes_though_another_cooled_down()
    {
        // Writeback ended (WritebackEventuallyEnds cools down) but the error path leaked the bounce page.
        var script = new EventScript()
            .Enter(1, encryption: "software")
            .set_buffer_async_write(1, 0, 100).ext4_encrypt(1, bounce: 1001)
            .io_submit_add_bh_fails(1, 0, 100)
            .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
            .unlock_page(1).end_page_writeback(1).ext4_bio_write_page_return(1, -12);
        Assert.Contains(SuiteLiveness, Assert.Single(ThroughSuite(SpecCatalog.All, script)), StringComparison.Ordinal);
        Assert.Equal("BouncePageLifetime", VerdictOf(SpecCatalog.All, script)?.Spec);

        // The same run with the bounce page freed cools every spec down.
        var fixedScript = new EventScript()
            .Enter(1, encryption: "software")
            .set_buffer_async_write(1, 0, 100).ext4_encrypt(1, bounce: 1001)
            .io_submit_add_bh_fails(1, 0, 100)
            .ext4_restore_control_page(1, 1001)
            .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
            .unlock_page(1).end_page_writeback(1).ext4_bio_write_page_return(1, -12);
        Assert.Empty(ThroughSuite(SpecCatalog.All, fixedScript));
    }

    [Fact]
    public void The_suite_heats_up_again_after_cooling_down()
    {
        // One correct write (hot, then cold), then a second page that enters writeback and hangs.
        var script = Written(new EventScript()).Enter(2);
        Assert.Contains(SuiteLiveness, Assert.Single(ThroughSuite(SpecCatalog.All, script)), StringComparison.Ordinal);
        Assert.Empty(ThroughSuite(SpecCatalog.All, Written(new EventScript()).Enter(2).Leave(2).end_page_writeback(2)));
    }

    public static TheoryData<string, string, string, string> SeedFindings => new()
    {
        // F3: the suite's liveness report, attributed to the spec that owes.
        { "bioalloc-subpage", "seed", "WritebackEventuallyEnds", SuiteLiveness },
        // F2: every actor blocked is a Coyote deadlock; the stranded spec is named.
        { "pool-deadlock", "seed", "WritebackEventuallyEnds", "Deadlock detected." },
        // F4 and F1: safety violations name their spec themselves.
        { "bioalloc-encrypt-subpage", "seed", "BouncePageLifetime", "[BouncePageLifetime] bounce page 1001 of page 0 freed while bio#1 still references it" },
        { "sync-enomem", "seed", "SyncIntegrity", "[SyncIntegrity] WB_SYNC_ALL writeback of page 0 failed with -ENOMEM" },
    };

    [Theory]
    [MemberData(nameof(SeedFindings))]
    public void CellRunner_names_the_spec_a_seed_finding_violates(string scenario, string variant, string spec, string reportPart)
    {
        var result = CellRunner.Run(new Cell(ScenarioCatalog.Find(scenario)!, VariantCatalog.Find(variant)!, "random", 200, 4404), new EngineSettings());
        Assert.True(result.BugFound, $"{scenario}/{variant}: no bug in {result.Iterations} iterations");
        Assert.Equal(spec, result.Spec);
        Assert.StartsWith($"[{spec}] ", result.Message, StringComparison.Ordinal);
        Assert.Contains(reportPart, result.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Trace);
    }
}
