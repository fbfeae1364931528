using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// Ctrl-C (SIGINT) stops a sweep after the running cell: exit 130, every finished cell in
/// report.jsonl and report.json, the rest listed as not run. --timeout bounds each cell.
/// </summary>
public sealed class VwbInterruptTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Ctrl_C_stops_after_the_running_cell_and_keeps_what_ran()
    {
        // Twelve clean cells (four versions under three strategies) with a budget no one finishes:
        // each runs for its 2-second limit, so the whole sweep lasts about 24 s and a signal that
        // lands late (a stalled machine) still finds cells left to skip.
        const int cells = 12;
        var config = """
            {
              "sweep": {"strategies": ["random", "pct", "probabilistic"], "iterations": 12, "findingIterations": 500, "seed": 1},
              "matrix": [
                {"scenario": "hardware-encryption", "variant": "seed", "expect": "clean"},
                {"scenario": "hardware-encryption", "variant": "4.4-fixed", "expect": "clean"},
                {"scenario": "hardware-encryption", "variant": "6.1", "expect": "clean"},
                {"scenario": "hardware-encryption", "variant": "6.18", "expect": "clean"}
              ]
            }
            """;
        var outDir = Path.Combine(scratch.Path, "out");
        using var process = VwbChildProcess.Start("sweep", "--config", SmallSweep.Write(scratch, "twelve.json", config),
            "--iterations", "100000000", "--timeout", "2", "--out", outDir);
        var lines = Path.Combine(outDir, "report.jsonl");
        VwbChildProcess.WaitUntil(() => File.Exists(lines) && File.ReadAllLines(lines).Length >= 2, TimeSpan.FromSeconds(60), "the first cell");

        VwbChildProcess.Interrupt(process);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "vwb did not stop");

        Assert.Equal(Vwb.Interrupted, process.ExitCode);
        var report = SmallSweep.Report(outDir);
        Assert.Equal("interrupted", report["status"]!.GetValue<string>());
        var rows = report["rows"]!.AsArray();
        Assert.InRange(rows.Count, 1, cells - 1);
        Assert.All(rows, r => Assert.Equal("timeout", r!["stopped"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.True(r!["asExpected"]!.GetValue<bool>()));
        Assert.Equal(cells - rows.Count, report["notRun"]!.AsArray().Count);
        Assert.All(report["notRun"]!.AsArray(), n => Assert.Equal("interrupted", n!["reason"]!.GetValue<string>()));
        Assert.Equal(rows.Count + 1, File.ReadAllLines(lines).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "junit.xml")));
    }
}
