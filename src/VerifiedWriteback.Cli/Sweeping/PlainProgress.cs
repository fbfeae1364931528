namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>Progress as plain lines, one per finished cell: for logs, pipes and CI.</summary>
public sealed class PlainProgress(TextWriter output, int cells) : ISweepProgress
{
    private readonly object gate = new();
    private int finished;

    public void CellStarted(PlannedCell cell, uint budget)
    {
    }

    public void IterationsDone(int iterations)
    {
    }

    public void CellFinished(ReportRow row)
    {
        lock (gate)
        {
            finished++;
            output.WriteLine(Line(row, finished, cells));
            output.Flush();
        }
    }

    public void ShardProgress(ShardSpec shard, int done, int total)
    {
    }

    public void Note(string line)
    {
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>"[ 3/33] sync-enomem/seed/random: SyncIntegrity after 2 iterations (40 it/s), expected SyncIntegrity (F1): ok".</summary>
    public static string Line(ReportRow row, int finished, int cells)
    {
        var width = cells.ToString().Length;
        var stopped = row.Stopped is { } s ? $", {s}" : "";
        return $"[{finished.ToString().PadLeft(width)}/{cells}] {row.Name}: {row.Outcome} after {row.Iterations} iterations " +
            $"({row.IterationsPerSecond:F0} it/s{stopped}), expected {row.Expected}: {(row.AsExpected ? "ok" : "NOT AS EXPECTED")}";
    }
}
