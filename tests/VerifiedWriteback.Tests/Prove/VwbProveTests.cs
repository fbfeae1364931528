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

        // report.json: every cell with its outcome, the finding its run shows, its trace.
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(scratch.Path, "report.json")))!;
        Assert.Equal("vwb-prove-report/1", report["format"]!.GetValue<string>());
        Assert.Equal(4, report["totals"]!["asExpected"]!.GetValue<int>());
        var cells = report["cells"]!.AsArray().ToDictionary(c => c!["variant"]!.GetValue<string>(), c => c!);
        Assert.Equal(["seed", "4.4-fixed", "6.1", "6.18"], cells.Keys);
        Assert.Equal(("SyncIntegrity", "F1", false), (cells["seed"]["outcome"]!.GetValue<string>(), cells["seed"]["found"]!.GetValue<string>(), cells["seed"]["exhausted"]!.GetValue<bool>()));
        Assert.True(cells["seed"]["shortest"]!["proven"]!.GetValue<bool>());
        Assert.Equal(Path.Combine("traces", "sync-enomem-seed-SyncIntegrity.prove.trace.json"), cells["seed"]["trace"]!.GetValue<string>());
        Assert.Equal(("clean", true), (cells["4.4-fixed"]["outcome"]!.GetValue<string>(), cells["4.4-fixed"]["exhausted"]!.GetValue<bool>()));
        Assert.Null(cells["4.4-fixed"]["trace"]);

        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(scratch.Path, "junit.xml"));
        var cases = junit.Descendants("testcase").ToArray();
        Assert.Equal(["vwb.sync-enomem seed", "vwb.sync-enomem 4.4-fixed", "vwb.sync-enomem 6.1", "vwb.sync-enomem 6.18"],
            cases.Select(c => $"{c.Attribute("classname")!.Value} {c.Attribute("name")!.Value}"));
        Assert.Empty(junit.Descendants("failure"));
        Assert.Contains("outcome SyncIntegrity (F1)", cases[0].Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_not_as_expected_exits_2()
    {
        // Within 0 preemptions nothing is exhausted wrongly, but a 2-step bound cuts every run.
        var config = Path.Combine(AppContext.BaseDirectory, "coyote.json");
        var run = VwbInvocation.Of("prove", "--config", config, "--scenario", "sync-enomem", "--variant", "4.4-fixed", "--max-steps", "2", "--out", scratch.Path);
        Assert.Equal(Vwb.Unexpected, run.Code);
        Assert.Contains("NOT AS EXPECTED", run.Stdout);
        var failure = Assert.Single(System.Xml.Linq.XDocument.Load(Path.Combine(scratch.Path, "junit.xml")).Descendants("failure"));
        Assert.StartsWith("expected clean, found", failure.Attribute("message")!.Value, StringComparison.Ordinal);
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
