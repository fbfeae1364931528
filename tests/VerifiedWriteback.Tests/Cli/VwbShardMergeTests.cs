using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// Sharding: `--shard 0/2` and `--shard 1/2` split the cells by index modulo 2, and `vwb merge`
/// of their reports gives the rows and totals of one unsharded run. A merge refuses reports of
/// different sweeps and a shard given twice, and reports a missing shard's cells as not run.
/// </summary>
public sealed class VwbShardMergeTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private string Sweep(string config, string name, params string[] more)
    {
        var outDir = Path.Combine(scratch.Path, name);
        var run = VwbInvocation.Of(["sweep", "--config", config, "--out", outDir, .. more]);
        Assert.True(run.Code == Vwb.Ok, run.Stdout + run.Stderr);
        return outDir;
    }

    [Fact]
    public void Two_shards_merged_give_the_totals_of_one_unsharded_run()
    {
        var config = SmallSweep.Write(scratch);
        var whole = Sweep(config, "whole");
        var shard0 = Sweep(config, "shard0", "--shard", "0/2");
        var shard1 = Sweep(config, "shard1", "--shard", "1/2");

        Assert.All(SmallSweep.Report(shard0)["rows"]!.AsArray(), r => Assert.Equal(0, r!["index"]!.GetValue<int>() % 2));
        Assert.All(SmallSweep.Report(shard1)["rows"]!.AsArray(), r => Assert.Equal(1, r!["index"]!.GetValue<int>() % 2));
        Assert.Equal(SmallSweep.Cells / 2, SmallSweep.Report(shard0)["totals"]!["cells"]!.GetValue<int>());

        var merged = Path.Combine(scratch.Path, "merged");
        var merge = VwbInvocation.Of("merge", Path.Combine(shard0, "report.json"), shard1, "--out", merged);
        Assert.Equal("", merge.Stderr);
        Assert.Equal(Vwb.Ok, merge.Code);
        Assert.Contains("every outcome as expected", merge.Stdout);

        var one = SmallSweep.Report(whole);
        var both = SmallSweep.Report(merged);
        Assert.Equal(SmallSweep.Totals(one), SmallSweep.Totals(both));
        Assert.Equal(SmallSweep.Rows(one), SmallSweep.Rows(both));
        Assert.Equal(one["planFingerprint"]!.GetValue<string>(), both["planFingerprint"]!.GetValue<string>());
        Assert.Equal(["0/2", "1/2"], both["shards"]!.AsArray().Select(s => s!["shard"]!.GetValue<string>()));
        foreach (var row in both["rows"]!.AsArray().Where(r => r!["trace"] is not null))
        {
            Assert.True(File.Exists(Path.Combine(merged, row!["trace"]!.GetValue<string>())));
        }
        Assert.True(File.Exists(Path.Combine(merged, "junit.xml")));

        // A missing shard: its cells are listed as not run, exit 2.
        var half = VwbInvocation.Of("merge", shard0, "--out", Path.Combine(scratch.Path, "half"));
        Assert.Equal(Vwb.Unexpected, half.Code);
        Assert.Contains("no report covers this cell", half.Stdout);
        Assert.Equal(SmallSweep.Cells / 2, SmallSweep.Report(Path.Combine(scratch.Path, "half"))["totals"]!["notRun"]!.GetValue<int>());

        // The same shard twice is refused.
        var twice = VwbInvocation.Of("merge", shard0, shard0, "--out", Path.Combine(scratch.Path, "twice"));
        Assert.Contains("give each shard once", twice.AssertBadInput());

        // The merge does not write over a report it reads.
        Assert.Contains("merge into a folder of its own", VwbInvocation.Of("merge", shard0, shard1, "--out", shard1).AssertBadInput());

        // A shard of another sweep (here: another time limit) is refused.
        var other = Sweep(config, "other", "--shard", "1/2", "--timeout", "999");
        var mixed = VwbInvocation.Of("merge", shard0, other, "--out", Path.Combine(scratch.Path, "mixed"));
        Assert.Contains("not shards of one sweep", mixed.AssertBadInput());
    }

    [Fact]
    public void Merge_takes_the_report_jsonl_of_a_shard_that_did_not_finish()
    {
        var config = SmallSweep.Write(scratch);
        var shard0 = Sweep(config, "shard0", "--shard", "0/2", "--scenario", "sync-enomem");
        var shard1 = Sweep(config, "shard1", "--shard", "1/2", "--scenario", "sync-enomem");
        // As a crash would leave it: report.jsonl with the header and one finished cell, no report.json.
        var lines = File.ReadAllLines(Path.Combine(shard1, "report.jsonl"));
        File.WriteAllLines(Path.Combine(shard1, "report.jsonl"), lines.Take(2));
        File.Delete(Path.Combine(shard1, "report.json"));

        var merged = Path.Combine(scratch.Path, "merged");
        var merge = VwbInvocation.Of("merge", shard0, shard1, "--out", merged);

        Assert.Equal(Vwb.Unexpected, merge.Code);
        var report = SmallSweep.Report(merged);
        Assert.Equal("incomplete", report["status"]!.GetValue<string>());
        Assert.Equal(3, report["totals"]!["run"]!.GetValue<int>());
        var missing = Assert.Single(report["notRun"]!.AsArray());
        Assert.Equal(3, missing!["index"]!.GetValue<int>());
        Assert.Contains("shard 1/2 crashed", missing["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "not a vwb sweep report")]
    [InlineData("{ \"format\": \"vwb-sweep-report/1\", ", "not valid JSON")]
    [InlineData("{ \"format\": \"vwb-sweep-report/1\", \"modelVersion\": \"vwb-model-0\" }", "model version 'vwb-model-0'")]
    public void A_report_that_is_not_one_is_one_line_and_exit_1(string text, string says)
    {
        var line = VwbInvocation.Of("merge", scratch.Write("report.json", text), "--out", Path.Combine(scratch.Path, "m")).AssertBadInput();
        Assert.Contains(says, line);
    }
}
