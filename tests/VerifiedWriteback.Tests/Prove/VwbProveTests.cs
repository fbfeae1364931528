using VerifiedWriteback.Cli;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Prove;

/// <summary>`vwb prove` end to end: exhausted and found cells, the saved trace replays and explains, bad input is one line.</summary>
public sealed class VwbProveTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Prove_exhausts_the_clean_cell_finds_the_bug_and_saves_a_replayable_trace()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "coyote.json");
        var run = VwbInvocation.Of("prove", "--config", config, "--scenario", "sync-enomem", "--out", scratch.Path);
        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Contains("sync-enomem/4.4-fixed: exhausted: ", run.Stdout);
        Assert.Contains("sync-enomem/seed: SyncIntegrity (F1) after ", run.Stdout);
        Assert.Contains("sync-enomem/6.18: exhausted: ", run.Stdout);
        Assert.Contains("4/4 cell(s) as expected", run.Stdout);
        var trace = Path.Combine(scratch.Path, "traces", "sync-enomem-seed-SyncIntegrity.prove.trace.json");
        Assert.True(File.Exists(trace));

        var replay = VwbInvocation.Of("replay", trace);
        Assert.Equal(Vwb.Ok, replay.Code);
        Assert.Contains("reproduced: SyncIntegrity", replay.Stdout);
        Assert.Contains("strategy prove", replay.Stdout);
        var explain = VwbInvocation.Of("explain", trace, "--format", "mermaid");
        Assert.Equal(Vwb.Ok, explain.Code);
        Assert.Contains("sequenceDiagram", explain.Stdout);
    }

    [Fact]
    public void A_cell_not_as_expected_exits_2()
    {
        // Within 0 preemptions nothing is exhausted wrongly, but a 2-step bound cuts every run.
        var config = Path.Combine(AppContext.BaseDirectory, "coyote.json");
        var run = VwbInvocation.Of("prove", "--config", config, "--scenario", "sync-enomem", "--variant", "4.4-fixed", "--max-steps", "2", "--out", scratch.Path);
        Assert.Equal(Vwb.Unexpected, run.Code);
        Assert.Contains("NOT AS EXPECTED", run.Stdout);
    }

    [Theory]
    [InlineData("--scenario", "no-such-scenario")]
    [InlineData("--variant", "no-such-variant")]
    [InlineData("--timeout", "soon")]
    [InlineData("--bogus", "1")]
    [InlineData("positional")]
    [InlineData("--timeout", "0")]
    [InlineData("--max-steps", "0")]
    [InlineData("--preemptions", "-1")]
    [InlineData("--preemptions", "3000000000")]
    [InlineData("--timeout")]
    [InlineData("--no-symmetry", "yes")]
    [InlineData("--out", "")]
    [InlineData("--out", "/proc/vwb-prove")]
    [InlineData("--config", "/nonexistent/coyote.json")]
    public void Bad_input_is_one_line(params string[] args)
    {
        VwbInvocation.Of(["prove", .. args]).AssertBadInput();
    }
}
