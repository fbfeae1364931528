namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>What a running sweep tells the person watching it.</summary>
public interface ISweepProgress
{
    void CellStarted(PlannedCell cell, uint budget);

    /// <summary>Iterations finished so far in the running cell (called from the engine, after every iteration).</summary>
    void IterationsDone(int iterations);

    void CellFinished(ReportRow row);

    /// <summary>How far one shard of a --parallel sweep is (cells finished of cells).</summary>
    void ShardProgress(ShardSpec shard, int finished, int cells);

    /// <summary>A line for the person (a shard's own progress line, a Ctrl-C notice).</summary>
    void Note(string line);
}
