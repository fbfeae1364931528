using System.CommandLine;
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
            --shard I/N      run only part I of N of the cells: parts of equal measured cost when
                             coyote.json names a cost table (sweep.costsFile, see vwb costs),
                             otherwise the cells whose index modulo N is I (index: the order above)
            --parallel N     run the cells in N child processes of vwb (each a part, balanced the
                             same way), then merge
            --plain          plain progress lines even on a terminal
          DIR gets report.jsonl (one line per finished cell, written as it finishes), report.json
          and junit.xml (at the end), traces/ (each bug's trace: vwb replay / vwb explain it).
          Ctrl-C stops after the running cell and writes the reports of what ran (a second Ctrl-C
          stops the running cell too). Combine shards with vwb merge.
          Exit 0 when every cell ran and came out as expected, 2 when one did not (or did not run),
          130 when interrupted, 1 on bad input.
        """;

    /// <summary>More child processes than any machine has cores for is a typo.</summary>
    public const int MaxParallel = 256;

    /// <summary>What the command line of a sweep says.</summary>
    public sealed record Arguments
    {
        public string? Config { get; init; }
        public SweepOverrides Overrides { get; init; } = new();
        public string? Out { get; init; }
        public ShardSpec Shard { get; init; } = ShardSpec.Whole;
        public uint? Parallel { get; init; }
        public bool Plain { get; init; }
    }

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var config = Options.ConfigOption();
        var scenario = Options.Text("--scenario", "keep only the cells of this scenario");
        var variant = Options.Text("--variant", "keep only the cells of this variant");
        var strategy = Options.Text("--strategy", "keep only the cells of this strategy");
        var iterations = Options.WholeNumber("--iterations", "the budget of every cell");
        var seed = Options.WholeNumber("--seed", "the base seed");
        var timeout = Options.WholeNumber("--timeout", "wall-clock limit of each cell, in seconds");
        var output = Options.Text("--out", "where the reports go");
        var shard = new Option<ShardSpec>("--shard")
        {
            Description = "run only the cells whose index modulo N is I",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result =>
            {
                try
                {
                    return ShardSpec.Parse(result.Tokens[0].Value);
                }
                catch (UsageError e)
                {
                    result.AddError(e.Message);
                    return null;
                }
            },
        };
        var parallel = Options.WholeNumber("--parallel", "run the cells in N child processes");
        var plain = Options.PlainOption();
        var command = new Command("sweep", "Run the coyote.json matrix under Coyote.")
        {
            config, scenario, variant, strategy, iterations, seed, timeout, output, shard, parallel, plain,
        };
        command.SetAction(parse => Execute(new Arguments
        {
            Config = parse.GetValue(config),
            Overrides = new SweepOverrides
            {
                Scenario = parse.GetValue(scenario),
                Variant = parse.GetValue(variant),
                Strategy = parse.GetValue(strategy),
                Iterations = parse.GetValue(iterations),
                Seed = parse.GetValue(seed),
                TimeoutSeconds = parse.GetValue(timeout),
            },
            Out = parse.GetValue(output),
            Shard = parse.GetValue(shard) ?? ShardSpec.Whole,
            Parallel = parse.GetValue(parallel),
            Plain = parse.GetValue(plain),
        }, stdout, stderr));
        return (command, Help);
    }

    public static int Execute(Arguments o, TextWriter stdout, TextWriter stderr)
    {
        ParallelSweep.PinChild();
        if (o.Out is not null)
        {
            Paths.OutputFolder(o.Out, "--out");
        }
        var (configPath, config) = ConfigFile.Find(o.Config) ?? throw new UsageError("no coyote.json in this folder or above it; give --config FILE");
        var plan = SweepPlan.Create(config, o.Overrides);
        var shard = o.Shard;
        if (o.Parallel is 0)
        {
            throw new UsageError("--parallel must be at least 1");
        }
        if (o.Parallel > MaxParallel)
        {
            throw new UsageError($"--parallel {o.Parallel}: at most {MaxParallel} processes");
        }
        var parallel = (int)(o.Parallel ?? 1);
        var cells = plan.CellsOf(shard).Count;
        if (cells == 0)
        {
            throw new UsageError($"shard {shard} of {plan.Cells.Count} cells is empty");
        }
        var folder = new ReportFolder(o.Out ?? OutputFolders.Default("sweep"));
        var live = !o.Plain && Terminal.IsLive(stdout);
        // Before the first line on stdout: an --out that cannot be written is bad input, not a failed sweep.
        Paths.MakeWritableFolder(folder.Path, "the reports");

        var scope = shard.IsWhole ? "" : $" (shard {shard} of {plan.Cells.Count})";
        var how = parallel > 1 ? $" in {parallel} processes{Balance(plan, shard, parallel)}" : "";
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

    /// <summary>The measured seconds each child is expected to take, when the plan has a cost table.</summary>
    private static string Balance(SweepPlan plan, ShardSpec shard, int parallel) => !plan.HasCosts ? "" :
        " (measured cost " + string.Join(" / ", Enumerable.Range(0, parallel)
            .Select(k => (plan.CellsOf(shard.Then(k, parallel)).Sum(plan.CostOf) / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s")) + ")";

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
