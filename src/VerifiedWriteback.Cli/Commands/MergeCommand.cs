using System.CommandLine;
using VerifiedWriteback.Cli.Sweeping;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb merge REPORT...`: the reports of the shards of one sweep as the report of the whole sweep.</summary>
public static class MergeCommand
{
    public const string Help = """
        usage: vwb merge REPORT... [--out DIR] [--plain]
          Combines the reports of the shards of one sweep (vwb sweep --shard I/N, same config and
          flags) into one table and one report: DIR/report.json, junit.xml, report.jsonl and
          traces/ (default DIR: out/merge-yyyyMMdd-HHmmss). REPORT is a report.json, a folder
          holding one, or the report.jsonl a crashed shard left (its finished cells count; the
          rest is reported as not run). With every shard complete, the totals are those of one
          unsharded run.
          Exit 0 when every cell of the sweep ran and came out as expected, 2 when one did not (or
          no report covers it), 1 when a report is unreadable or from another sweep or model version.
        """;

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var reports = Options.Positionals("REPORT");
        var output = Options.Text("--out", "the folder of the merged report");
        var plain = Options.Switch("--plain", "plain output even on a terminal");
        var command = new Command("merge", "Combine the reports of the shards of one sweep.") { reports, output, plain };
        command.SetAction(parse =>
        {
            var given = Options.PositionalsOf(parse, reports);
            return given.Count == 0
                ? throw new UsageError("merge takes the reports to combine: vwb merge REPORT... [--out DIR]")
                : Execute(given, parse.GetValue(output), parse.GetValue(plain), stdout, stderr);
        });
        return (command, Help);
    }

    public static int Execute(IReadOnlyList<string> reports, string? outDir, bool plain, TextWriter stdout, TextWriter stderr)
    {
        foreach (var input in reports)
        {
            Paths.InputPath(input, "a report");
        }
        var folder = new ReportFolder(Paths.OutputFolder(outDir ?? OutputFolders.Default("merge"), "--out"));
        SweepReport report;
        try
        {
            var inputs = reports.Select(ReportMerger.Load).ToArray();
            if (inputs.FirstOrDefault(i => Path.GetFullPath(i.Folder) == folder.Path) is { } same)
            {
                throw new UsageError($"--out {folder.Path} holds {same.Source}: merge into a folder of its own");
            }
            report = ReportMerger.Merge(inputs, folder);
        }
        catch (ReportError e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot write the merged report to {folder.Path}: {e.Message}");
        }
        var live = !plain && Terminal.IsLive(stdout);
        if (!live)
        {
            stdout.WriteLine($"vwb merge: {reports.Count} report(s), {report.Shards.Count} shard(s) of a sweep of {report.Totals.Cells} cells");
        }
        SweepCommand.Summarize(report, folder, live, stdout);
        return report.AllAsExpected ? Vwb.Ok : Vwb.Unexpected;
    }
}
