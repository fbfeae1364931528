using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Sweeping;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `--parallel N`: N child processes of vwb, each a shard, merged at the end. The merge has the
/// totals of one in-process run; when one child dies, the cells it had written and every cell
/// of the other children are kept, and the dead shard is reported.
/// </summary>
public sealed class VwbParallelTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(CrashInjection.Variable, null);
        scratch.Dispose();
    }

    [Fact]
    public void Parallel_children_give_the_totals_of_one_in_process_run_and_survive_a_crash()
    {
        var config = SmallSweep.Write(scratch);
        var whole = Path.Combine(scratch.Path, "whole");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("sweep", "--config", config, "--out", whole).Code);

        var parallel = Path.Combine(scratch.Path, "parallel");
        var run = VwbInvocation.Of("sweep", "--config", config, "--parallel", "2", "--out", parallel);
        Assert.True(run.Code == Vwb.Ok, run.Stdout + run.Stderr);
        Assert.Contains("8 cells in 2 processes", run.Stdout);
        Assert.Equal(SmallSweep.Totals(SmallSweep.Report(whole)), SmallSweep.Totals(SmallSweep.Report(parallel)));
        Assert.Equal(SmallSweep.Rows(SmallSweep.Report(whole)), SmallSweep.Rows(SmallSweep.Report(parallel)));
        Assert.True(File.Exists(Path.Combine(parallel, "shards", "shard-1-of-2", "report.json")));

        // Shard 1/2 dies right after its first cell.
        Environment.SetEnvironmentVariable(CrashInjection.Variable, "1/2:1");
        var crashed = Path.Combine(scratch.Path, "crashed");
        var broken = VwbInvocation.Of("sweep", "--config", config, "--parallel", "2", "--out", crashed);
        Environment.SetEnvironmentVariable(CrashInjection.Variable, null);

        Assert.Equal(Vwb.Unexpected, broken.Code);
        Assert.Contains("shard 1/2 crashed (exit 134)", broken.Stdout);
        var report = SmallSweep.Report(crashed);
        Assert.Equal("incomplete", report["status"]!.GetValue<string>());
        var shards = report["shards"]!.AsArray().ToDictionary(s => s!["shard"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        Assert.Equal("complete", shards["0/2"]);
        Assert.Equal("crashed", shards["1/2"]);
        var indices = report["rows"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()).ToArray();
        Assert.Equal([0, 1, 2, 4, 6], indices);
        Assert.Equal([3, 5, 7], report["notRun"]!.AsArray().Select(n => n!["index"]!.GetValue<int>()));
        Assert.Equal(3, System.Xml.Linq.XDocument.Load(Path.Combine(crashed, "junit.xml")).Descendants("error").Count());
    }
}
