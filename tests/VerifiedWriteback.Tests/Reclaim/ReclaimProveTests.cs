using VerifiedWriteback.Engine;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Prove;

namespace VerifiedWriteback.Tests.Reclaim;

/// <summary>
/// vwb prove over the reclaim scenarios that exhaust in about a second (reclaim-fsync-subpage takes
/// about a minute and is left to `vwb prove`). The two violations are the catalogued candidates F8
/// (the reclaim/flusher stall over the bounce pool) and F7 (the spurious error), pinned here by spec,
/// kind, mechanism and signature; 6.18, whose reclaim never writes an ext4 page, is exhausted clean.
/// </summary>
public sealed class ReclaimProveTests
{
    private static readonly ProveOptions Options = new() { Symmetry = true, MinimizeTimeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("4.4-fixed")]
    [InlineData("6.1")]
    public void Kswapd_sleeping_for_a_bounce_page_while_holding_the_page_lock_deadlocks_the_flusher_with_its_open_bio(string variant)
    {
        var proof = Prover.Prove(new MatrixEntry("reclaim-pool-deadlock", variant, "WritebackEventuallyEnds", null), Options);
        Assert.Equal("WritebackEventuallyEnds", proof.Outcome);
        Assert.Equal("F8", proof.Found);
        var trace = proof.Trace!;
        Assert.Contains("writer0 sleeps in lock_page(page#1)", trace.Message, StringComparison.Ordinal);
        Assert.Contains("kswapd sleeps in mempool_alloc(ext4_bounce_page_pool, GFP_NOFS)", trace.Message, StringComparison.Ordinal);
        var replay = ProveReplayer.Replay(ProveTrace.Parse(trace.ToJson(), "test"));
        Assert.True(replay.Reproduced, $"replay gave {replay.Spec}");
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("4.4-fixed")]
    [InlineData("6.1")]
    public void A_failed_encryption_in_kswapd_is_recorded_on_the_mapping_although_no_io_failed(string variant)
    {
        var proof = Prover.Prove(new MatrixEntry("reclaim-encrypt-enomem", variant, "NoDirtyDataLost", null), Options);
        Assert.Equal("NoDirtyDataLost", proof.Outcome);
        var trace = proof.Trace!;
        Assert.Equal("NoDirtyDataLost/spurious-error", proof.Search.First!.Verdict!.Kind);
        Assert.Equal("F7", proof.Found);
        Assert.Contains($"kswapd: mapping_set_error(page 0, error {-Errno.ENOMEM})", trace.Message, StringComparison.Ordinal);
        Assert.True(ProveReplayer.Replay(ProveTrace.Parse(trace.ToJson(), "test")).Reproduced);
    }

    [Theory]
    [InlineData("reclaim-pool-deadlock")]
    [InlineData("reclaim-encrypt-enomem")]
    public void Reclaim_in_6_18_never_writes_an_ext4_page_and_the_scenario_is_exhausted_clean(string scenario)
    {
        var proof = Prover.Prove(new MatrixEntry(scenario, "6.18", MatrixEntry.Clean, null), Options);
        Assert.Equal(ProveOutcome.Exhausted, proof.Search.Outcome);
        Assert.True(proof.AsExpected);
        Assert.Equal(0, proof.Search.BoundedRuns);
        Assert.True(proof.Search.Runs > 1);
    }
}
