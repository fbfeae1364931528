namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// The counts of a report. Everything but <see cref="Seconds"/> depends only on the plan and the
/// model (each cell's engine run is seeded), so a merge of shards has the totals of one
/// unsharded run.
/// </summary>
public sealed record ReportTotals(int Cells, int Run, int AsExpected, int Unexpected, int NotRun, int Bugs, long Iterations, double Seconds)
{
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;

    public static ReportTotals Of(int cells, IReadOnlyCollection<ReportRow> rows) => new(
        cells,
        rows.Count,
        rows.Count(r => r.AsExpected),
        rows.Count(r => !r.AsExpected),
        cells - rows.Count,
        rows.Count(r => r.Spec is not null),
        rows.Sum(r => (long)r.Iterations),
        Math.Round(rows.Sum(r => r.Seconds), 3));

    public TotalsDocument ToDocument() => new()
    {
        Cells = Cells,
        Run = Run,
        AsExpected = AsExpected,
        Unexpected = Unexpected,
        NotRun = NotRun,
        Bugs = Bugs,
        Iterations = Iterations,
        Seconds = Seconds,
        IterationsPerSecond = Math.Round(IterationsPerSecond, 1),
    };

    public override string ToString() =>
        $"{Cells} cells: {AsExpected} as expected, {Unexpected} not as expected, {NotRun} not run; " +
        $"{Bugs} bugs found; {Iterations} iterations in {Seconds:F1} s of engine time ({IterationsPerSecond:F0} it/s)";
}
