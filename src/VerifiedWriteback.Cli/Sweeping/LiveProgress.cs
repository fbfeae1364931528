using Spectre.Console;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// Progress on a terminal with Spectre.Console: a bar for the cells, a bar for the iterations of
/// the running cell (or one per shard under --parallel), and a line above them per finished cell.
/// </summary>
public sealed class LiveProgress : ISweepProgress
{
    private readonly ProgressContext context;
    private readonly ProgressTask cells;
    private readonly Dictionary<string, ProgressTask> shards = [];
    private ProgressTask? current;

    private LiveProgress(ProgressContext context, int total, string title)
    {
        this.context = context;
        cells = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
    }

    /// <summary>Runs <paramref name="body"/> under a live display of <paramref name="total"/> cells.</summary>
    public static T Run<T>(int total, string title, Func<ISweepProgress, T> body)
    {
        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => body(new LiveProgress(ctx, total, title)));
    }

    public void CellStarted(PlannedCell cell, uint budget)
    {
        current ??= context.AddTask("  starting", maxValue: 1);
        current.Description = Markup.Escape($"  {cell.Name} (expect {cell.Expected})");
        current.MaxValue = Math.Max(budget, 1);
        current.Value = 0;
    }

    public void IterationsDone(int iterations)
    {
        if (current is not null)
        {
            current.Value = iterations;
        }
    }

    public void CellFinished(ReportRow row)
    {
        cells.Increment(1);
        if (current is not null)
        {
            current.Value = current.MaxValue;
        }
        var mark = row.AsExpected ? "[green]ok[/]" : "[red bold]NOT AS EXPECTED[/]";
        var outcome = row.Spec is null ? "[grey]clean[/]" : $"[yellow]{Markup.Escape(row.Outcome)}[/]";
        var stopped = row.Stopped is { } s ? $" [grey]({Markup.Escape(s)})[/]" : "";
        AnsiConsole.MarkupLine($"{mark} {Markup.Escape(row.Name)}: {outcome}{stopped} after {row.Iterations} it " +
            $"[grey]({row.IterationsPerSecond:F0} it/s, expected {Markup.Escape(row.Expected)})[/]");
    }

    public void ShardProgress(ShardSpec shard, int finished, int total)
    {
        var key = shard.ToString();
        if (!shards.TryGetValue(key, out var task))
        {
            task = context.AddTask(Markup.Escape($"  shard {key}"), maxValue: Math.Max(total, 1));
            shards[key] = task;
        }
        task.Value = finished;
    }

    public void Note(string line) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
}
