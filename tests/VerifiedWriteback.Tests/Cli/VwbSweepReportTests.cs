using System.Text.Json.Nodes;
using System.Xml.Linq;
using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `vwb sweep` on a small config: the table, and in --out report.jsonl (one line per cell after
/// the header), report.json (every row, totals, the config used, the model version), junit.xml
/// (one testcase per cell) and every bug's trace, which replays.
/// </summary>
public sealed class VwbSweepReportTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_sweep_writes_the_table_and_well_formed_reports()
    {
        var outDir = Path.Combine(scratch.Path, "out");
        var run = VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--out", outDir);

        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Contains("scenario", run.Stdout);
        Assert.Contains("violated spec", run.Stdout);
        Assert.Contains("every outcome as expected", run.Stdout);
        Assert.Contains("discontiguous-subpage  h4", run.Stdout);

        var report = SmallSweep.Report(outDir);
        Assert.Equal("vwb-sweep-report/1", report["format"]!.GetValue<string>());
        Assert.Equal("vwb-model-2", report["modelVersion"]!.GetValue<string>());
        Assert.Equal("complete", report["status"]!.GetValue<string>());
        Assert.Equal(SmallSweep.Cells, report["rows"]!.AsArray().Count);
        Assert.Empty(report["notRun"]!.AsArray());
        var totals = report["totals"]!;
        Assert.Equal((8, 8, 8, 0, 0, 4), (totals["cells"]!.GetValue<int>(), totals["run"]!.GetValue<int>(), totals["asExpected"]!.GetValue<int>(),
            totals["unexpected"]!.GetValue<int>(), totals["notRun"]!.GetValue<int>(), totals["bugs"]!.GetValue<int>()));
        // The config used is itself a coyote.json.
        Assert.Equal(4, report["config"]!["matrix"]!.AsArray().Count);
        Assert.Equal(["random", "pct"], report["config"]!["sweep"]!["strategies"]!.AsArray().Select(s => s!.GetValue<string>()));

        var lines = File.ReadAllLines(Path.Combine(outDir, "report.jsonl"));
        Assert.Equal(SmallSweep.Cells + 1, lines.Length);
        Assert.Equal("start", JsonNode.Parse(lines[0])!["type"]!.GetValue<string>());
        Assert.All(lines.Skip(1), l => Assert.Equal("row", JsonNode.Parse(l)!["type"]!.GetValue<string>()));

        var junit = XDocument.Parse(File.ReadAllText(Path.Combine(outDir, "junit.xml")));
        var cases = junit.Descendants("testcase").ToArray();
        Assert.Equal(SmallSweep.Cells, cases.Length);
        Assert.Empty(junit.Descendants("failure"));
        Assert.Equal("8", junit.Root!.Attribute("tests")!.Value);
        Assert.Contains(cases, c => c.Attribute("classname")!.Value == "vwb.sync-enomem" && c.Attribute("name")!.Value == "seed/random");

        var bugs = report["rows"]!.AsArray().Where(r => r!["spec"] is not null).ToArray();
        Assert.Equal(4, bugs.Length);
        foreach (var bug in bugs)
        {
            var trace = Path.Combine(outDir, bug!["trace"]!.GetValue<string>());
            Assert.True(File.Exists(trace), trace);
            var replay = VwbInvocation.Of("replay", trace);
            Assert.Equal(Vwb.Ok, replay.Code);
            Assert.Contains($"reproduced: {bug["spec"]}", replay.Stdout);
        }
    }

    [Fact]
    public void An_outcome_that_is_not_the_expected_one_is_exit_2_and_a_junit_failure()
    {
        var config = SmallSweep.Config.Replace("""{"scenario": "sync-enomem", "variant": "seed", "expect": "SyncIntegrity", "finding": "F1"}""",
            """{"scenario": "sync-enomem", "variant": "seed", "expect": "clean"}""");
        var outDir = Path.Combine(scratch.Path, "out");
        var run = VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch, "wrong.json", config), "--scenario", "sync-enomem", "--variant", "seed", "--strategy", "random", "--out", outDir);

        Assert.Equal(Vwb.Unexpected, run.Code);
        Assert.Contains("1 outcome(s) NOT as expected", run.Stdout);
        var failure = Assert.Single(XDocument.Parse(File.ReadAllText(Path.Combine(outDir, "junit.xml"))).Descendants("failure"));
        Assert.Contains("expected clean, found SyncIntegrity", failure.Attribute("message")!.Value);
        Assert.False(SmallSweep.Report(outDir)["rows"]![0]!["asExpected"]!.GetValue<bool>());
    }

    [Fact]
    public void Flags_override_the_config_and_the_report_records_what_ran()
    {
        var outDir = Path.Combine(scratch.Path, "out");
        var run = VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--variant", "4.4-fixed",
            "--strategy", "pct", "--iterations", "7", "--seed", "3", "--timeout", "60", "--out", outDir);

        Assert.Equal(Vwb.Ok, run.Code);
        var report = SmallSweep.Report(outDir);
        var row = Assert.Single(report["rows"]!.AsArray());
        Assert.Equal("sync-enomem/4.4-fixed/pct 7", $"{row!["scenario"]}/{row["variant"]}/{row["strategy"]} {row["iterations"]}");
        var sweep = report["config"]!["sweep"]!;
        Assert.Equal(3u, sweep["seed"]!.GetValue<uint>());
        Assert.Equal(7u, sweep["findingIterations"]!.GetValue<uint>());
        Assert.Equal(60u, sweep["timeoutSeconds"]!.GetValue<uint>());
    }
}
