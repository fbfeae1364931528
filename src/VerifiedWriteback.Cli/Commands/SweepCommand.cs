using Spectre.Console;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli.Sweeping;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb sweep`: run the matrix of coyote.json under Coyote, compare with the expected outcomes, write the reports.</summary>
public static class SweepCommand
{
    public const string Help = """
        usage: vwb sweep [--config FILE] [--scenario NAME] [--variant NAME] [--strategy NAME]
                         [--iterations N] [--seed N] [--timeout SECONDS] [--out DIR]
                         [--shard I/N] [--parallel N] [--plain]
          Runs every cell of coyote.json (the nearest one above the current folder, or FILE): each
          matrix entry under each strategy of the portfolio. A cell expected clean runs
          sweep.iterations iterations; a cell expected to violate a spec runs until that spec fires
          (within sweep.findingIterations).
            --scenario, --variant, --strategy  keep only those cells
            --iterations N   the budget of every cell (both budgets); --seed N the base seed
            --timeout S      wall-clock limit of EACH CELL, in seconds (also sweep.timeoutSeconds
                             in the config): a clean cell cut short keeps its outcome and says
                             "timeout"; an expected bug not found in time is not as expected
            --out DIR        where the reports go (default out/sweep-yyyyMMdd-HHmmss)
            --shard I/N      run only the cells whose index modulo N is I (index: the order above)
            --parallel N     run the cells in N child processes of vwb (each a shard), then merge
            --plain          plain progress lines even on a terminal
          DIR gets report.jsonl (one line per finished cell, written as it finishes), report.json
          and junit.xml (at the end), traces/ (each bug's trace: vwb replay / vwb explain it).
          Ctrl-C stops after the running cell and writes the reports of what ran (a second Ctrl-C
          stops the running cell too). Combine shards with vwb merge.
          Exit 0 when every cell ran and came out as expected, 2 when one did not (or did not run),
          130 when interrupted, 1 on bad input.
        """;

    private static readonly string[] Flags = ["config", "scenario", "variant", "strategy", "iterations", "seed", "timeout", "out", "shard", "parallel"];
    private static readonly string[] Switches = ["plain"];

    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(Help);
            return Vwb.Ok;
        }
        var o = Options.Parse(args, Flags, Switches);
        if (o.Positional.Count > 0)
        {
            throw new UsageError($"sweep takes no positional argument ('{o.Positional[0]}'; try vwb sweep --help)");
        }
        var configPath = o.Get("config") ?? SweepConfig.FindDefault() ?? throw new UsageError("no coyote.json in this folder or above it; give --config FILE");
        SweepConfig config;
        string configText;
        try
        {
            configText = File.ReadAllText(configPath);
            config = SweepConfig.Parse(configText, configPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot read {configPath}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        var plan = SweepPlan.Create(config, new SweepOverrides
        {
            Scenario = o.Get("scenario"),
            Variant = o.Get("variant"),
            Strategy = o.Get("strategy"),
            Iterations = o.GetUInt("iterations"),
            Seed = o.GetUInt("seed"),
            TimeoutSeconds = o.GetUInt("timeout"),
        }, ConfigJson.ReadTimeout(configText));
        var shard = o.Get("shard") is { } s ? ShardSpec.Parse(s) : ShardSpec.Whole;
        var parallel = (int)(o.GetUInt("parallel") ?? 1);
        if (parallel < 1)
        {
            throw new UsageError("--parallel must be at least 1");
        }
        var cells = plan.CellsOf(shard).Count();
        if (cells == 0)
        {
            throw new UsageError($"shard {shard} of {plan.Cells.Count} cells is empty");
        }
        var folder = new ReportFolder(o.Get("out") ?? OutputFolders.Default("sweep"));
        var live = !o.Has("plain") && Terminal.IsLive(stdout);

        var scope = shard.IsWhole ? "" : $" (shard {shard} of {plan.Cells.Count})";
        var how = parallel > 1 ? $" in {parallel} processes" : "";
        var title = $"vwb sweep: {cells} cells{scope}{how} from {configPath}";
        using var interruption = new Interruption(listenToConsole: true);
        SweepReport report;
        try
        {
            if (live)
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]; reports in {Markup.Escape(folder.Path)}");
                report = LiveProgress.Run(cells, "cells", progress => Run(plan, shard, parallel, folder, progress, interruption));
            }
            else
            {
                stdout.WriteLine($"{title}; reports in {folder.Path}");
                report = Run(plan, shard, parallel, folder, new PlainProgress(stdout, cells), interruption);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot write the reports to {folder.Path}: {e.Message}");
        }

        Summarize(report, folder, live, stdout);
        return report.Status == ShardStatus.Interrupted ? Vwb.Interrupted
            : report.AllAsExpected ? Vwb.Ok
            : Vwb.Unexpected;
    }

    private static SweepReport Run(SweepPlan plan, ShardSpec shard, int parallel, ReportFolder folder, ISweepProgress progress, Interruption interruption)
    {
        interruption.Pressed = press => progress.Note(press == 1
            ? $"Ctrl-C: stopping after the running cell (Ctrl-C again stops it now); finished cells are in {folder.ReportLinesPath}"
            : "Ctrl-C again: stopping the running cell now");
        return parallel > 1
            ? ParallelSweep.Run(plan, shard, parallel, folder, progress, interruption)
            : SweepExecutor.Run(plan, shard, folder, progress, interruption);
    }

    /// <summary>The table, the totals and where the reports are.</summary>
    public static void Summarize(SweepReport report, ReportFolder folder, bool live, TextWriter stdout)
    {
        var traces = report.Rows.Count(r => r.Trace is not null);
        var crashed = report.Shards.Where(s => s.Status == ShardStatus.Crashed).ToArray();
        var verdict = report.Status switch
        {
            ShardStatus.Interrupted => $"interrupted: {report.Totals.Run} of {report.Totals.Cells} cells ran",
            ShardStatus.Complete when report.AllAsExpected => "every outcome as expected",
            ShardStatus.Complete => $"{report.Totals.Unexpected} outcome(s) NOT as expected",
            _ => $"incomplete: {report.Totals.NotRun} cell(s) did not run, {report.Totals.Unexpected} outcome(s) NOT as expected",
        };
        var lines = crashed.Select(c => $"shard {c.Shard} crashed (exit {c.ExitCode?.ToString() ?? "-"}): {c.Note}; its finished cells are kept")
            .Append(verdict)
            .Append($"report: {folder.ReportJsonPath}")
            .Append($"junit:  {folder.JUnitPath}")
            .Append($"traces: {traces} in {Path.Combine(folder.Path, ReportFolder.TracesFolder)}");
        if (live)
        {
            SummaryTable.WriteLive(report);
            foreach (var line in lines)
            {
                AnsiConsole.MarkupLine(Markup.Escape(line));
            }
        }
        else
        {
            SummaryTable.WritePlain(stdout, report);
            foreach (var line in lines)
            {
                stdout.WriteLine(line);
            }
        }
    }
}
