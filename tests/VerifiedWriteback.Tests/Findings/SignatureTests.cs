using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Tests.Findings;

/// <summary>
/// Findings are identified by their signature over the run's events, not by the violated spec: an
/// unknown violation is NEW, and a run of one finding does not satisfy a cell that expects another.
/// </summary>
public sealed class SignatureTests
{
    /// <summary>A throwaway variant breaking one kernel rule: the tail past EOF is not zeroed (seed L35-36).</summary>
    private sealed class NoTailZeroing : Variant
    {
        public override string Name => "no-tail-zeroing";
        public override string Description => "test only: the page past i_size goes to disk unzeroed";
        public override bool ZeroesTailPastEof => false;
    }

    [Fact]
    public void A_violation_no_signature_explains_is_NEW()
    {
        var scenario = ScenarioCatalog.Find("contiguous-pages")!;
        var r = CellRunner.Run(new Cell(scenario, new NoTailZeroing(), "random", 100, 1), new EngineSettings());
        Assert.True(r.BugFound, "the broken rule was not caught");
        Assert.Equal("TailZeroed", r.Spec);
        Assert.Equal(FindingSignatures.New, r.Finding);
    }

    [Fact]
    public void An_F1_run_offered_where_F5_is_expected_is_not_as_expected()
    {
        // sync-enomem on the seed: the only violation is F1 (the sync pass itself fails with -ENOMEM).
        var entry = new MatrixEntry("sync-enomem", "seed", "SyncIntegrity", "F5");
        var row = SweepRunner.Run(entry, "random", new SweepConfig { FindingIterations = 30 });
        Assert.Equal("SyncIntegrity", row.Spec);
        Assert.Equal("F1", row.Finding);
        Assert.False(row.AsExpected);
        var asF1 = SweepRunner.Run(entry with { Finding = "F1" }, "random", new SweepConfig { FindingIterations = 30 });
        Assert.True(asF1.AsExpected);
    }

    [Theory]
    [InlineData("f1-sync-enomem.trace.json", "F1")]
    [InlineData("f5-fsync-bg-enomem.trace.json", "F5")]
    [InlineData("f2-pool-deadlock.trace.json", "F2")]
    [InlineData("h2-encrypt-enomem-background.trace.json", "H2")]
    public void A_committed_trace_replays_to_its_finding_signature(string name, string finding)
    {
        var trace = TraceFile.Load(Path.Combine(AppContext.BaseDirectory, "traces", name));
        var replay = Replayer.Replay(trace);
        Assert.Equal(finding, replay.Finding);
    }
}
