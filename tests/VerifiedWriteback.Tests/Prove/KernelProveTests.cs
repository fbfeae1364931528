using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Prove;

namespace VerifiedWriteback.Tests.Prove;

/// <summary>
/// The explorer on the real model: the symmetry reduction changes no verdict and no reachable
/// final state where the unreduced search is small enough to run; every finding of the matrix
/// whose scenario the explorer exhausts is found, shrunk, and its trace replays.
/// </summary>
public class KernelProveTests
{
    private static readonly ProveOptions Count = new() { StopAtViolation = false };

    private static ModelFactory Model(string scenario, string variant) =>
        KernelModel.Factory(ScenarioCatalog.Find(scenario)!, VariantCatalog.Find(variant)!);

    [Theory]
    [InlineData("discontiguous-subpage", "upstream")]
    [InlineData("discontiguous-subpage", "seed")]
    [InlineData("io-errors", "upstream")]
    [InlineData("io-errors", "seed")]
    [InlineData("unwritten-conversion", "upstream")]
    [InlineData("fsync-race", "upstream")]
    [InlineData("sync-enomem", "seed")]
    [InlineData("bioalloc-subpage", "seed")]
    public void Symmetry_pruning_keeps_every_verdict_and_every_final_state(string scenario, string variant)
    {
        var full = Explorer.Explore(Model(scenario, variant), Count);
        var reduced = Explorer.Explore(Model(scenario, variant), Count with { Symmetry = true });
        Assert.Equal(ProveOutcome.Exhausted, full.Outcome);
        Assert.Equal(ProveOutcome.Exhausted, reduced.Outcome);
        Assert.Equal(0, full.BoundedRuns);
        Assert.Equal(full.Verdicts, reduced.Verdicts);
        Assert.Equal(full.FinalStates.Order(), reduced.FinalStates.Order());
        Assert.True(reduced.Runs <= full.Runs);
        if (ScenarioCatalog.Find(scenario)!.CompletionCpus > 1)
        {
            Assert.True(reduced.Runs < full.Runs, $"{scenario}: symmetry pruned nothing ({full.Runs} runs)");
        }
    }

    public static TheoryData<string, string, string, string> Findings()
    {
        var data = new TheoryData<string, string, string, string>();
        var config = SweepConfig.Load(Path.Combine(AppContext.BaseDirectory, "coyote.json"));
        foreach (var c in config.Matrix.Where(c => c.ExpectsBug))
        {
            data.Add(c.Scenario, c.Variant, c.Expect, c.Finding!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Every_matrix_finding_is_found_shrunk_and_replays(string scenario, string variant, string spec, string finding)
    {
        var entry = new MatrixEntry(scenario, variant, spec, finding);
        // The search has no time limit (its outcome must not depend on the machine's load); the
        // shrinking has one (h4's shortest run is not proven within it), so only its bound is asserted.
        var proof = Prover.Prove(entry, new ProveOptions { Symmetry = true, MinimizeTimeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(spec, proof.Outcome);
        Assert.True(proof.AsExpected, $"found {proof.Found}");
        var trace = proof.Trace!;
        Assert.Equal(spec, trace.Spec);
        Assert.Equal(finding, trace.Finding);
        Assert.True(trace.Steps <= proof.Search.First!.Steps);
        Assert.Equal(trace.Steps, trace.Schedule.Count(l => !l.Contains(':')));

        var reread = ProveTrace.Parse(trace.ToJson(), "test");
        Assert.Equal(trace.Schedule, reread.Schedule);
        var replay = ProveReplayer.Replay(reread);
        Assert.True(replay.Reproduced, $"replay gave {replay.Spec}");
        Assert.Equal(spec, replay.Verdict!.Spec);
    }

    [Fact]
    public void A_cell_is_proven_by_its_findings_mechanism_not_by_the_first_run_of_its_spec()
    {
        // In the seed's fsync-bg-enomem, SyncIntegrity fires by two mechanisms: fsync's own
        // WB_SYNC_ALL call failing its encryption (F1) and the flusher's WB_SYNC_NONE failure that
        // fsync waits out (F5). The shortest runs differ, and each cell's trace shows its own.
        var options = new ProveOptions { Symmetry = true };
        var f5 = Prover.Prove(new MatrixEntry("fsync-bg-enomem", "seed", "SyncIntegrity", "F5"), options);
        var f1 = Prover.Prove(new MatrixEntry("fsync-bg-enomem", "seed", "SyncIntegrity", "F1"), options);
        Assert.Equal(("F5", "F5", true), (f5.Found, f5.Trace!.Finding, f5.Minimal!.ProvenShortest));
        Assert.Equal(("F1", "F1", true), (f1.Found, f1.Trace!.Finding, f1.Minimal!.ProvenShortest));
        Assert.True(f1.Trace.Steps < f5.Trace.Steps, $"F1 {f1.Trace.Steps} steps, F5 {f5.Trace.Steps}");
        Assert.True(ProveReplayer.Replay(f5.Trace).Reproduced);

        // A trace whose recorded finding its run does not show is not reproduced.
        var relabelled = ProveReplayer.Replay(f1.Trace with { Finding = "F5" });
        Assert.False(relabelled.Reproduced);
        Assert.Equal("F1", relabelled.Finding);
    }

    [Fact]
    public void The_upstream_variant_is_exhausted_clean_where_the_seed_fails()
    {
        var entry = new MatrixEntry("sync-enomem", "upstream", MatrixEntry.Clean, null);
        var proof = Prover.Prove(entry, new ProveOptions());
        Assert.Equal(ProveOutcome.Exhausted, proof.Search.Outcome);
        Assert.True(proof.AsExpected);
        Assert.True(proof.Search.Runs > 1);
        Assert.Equal(0, proof.Search.BoundedRuns);
    }

    [Fact]
    public void A_run_cut_by_the_step_bound_is_not_exhausted()
    {
        var entry = new MatrixEntry("sync-enomem", "upstream", MatrixEntry.Clean, null);
        var proof = Prover.Prove(entry, new ProveOptions { MaxSteps = 3 });
        Assert.True(proof.Search.BoundedRuns > 0);
        Assert.False(proof.AsExpected);
    }

    [Fact]
    public void A_schedule_that_does_not_fit_is_a_trace_error()
    {
        var proof = Prover.Prove(new MatrixEntry("sync-enomem", "seed", "SyncIntegrity", "F1"), new ProveOptions());
        var trace = proof.Trace!;
        var wrong = trace with { Schedule = ["kworker", .. trace.Schedule.Skip(1)] };
        var e = Assert.Throws<TraceError>(() => ProveReplayer.Replay(wrong));
        Assert.Contains("'kworker' is not possible here", e.Message);
        var truncated = trace with { Schedule = trace.Schedule.Take(1).ToArray() };
        Assert.Throws<TraceError>(() => ProveReplayer.Replay(truncated));
        var otherModel = trace.ToJson().Replace(ModelVersion.Current, "vwb-model-0");
        Assert.Throws<TraceError>(() => ProveTrace.Parse(otherModel, "t"));
    }
}
