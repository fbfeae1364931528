using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Engine;

/// <summary>The outcome of one matrix entry under one strategy.</summary>
public sealed record SweepRow(
    MatrixEntry Entry,
    string Strategy,
    int Iterations,
    double Seconds,
    string? Spec,
    string? Message,
    IReadOnlyList<string> OtherSpecs,
    CellResult? Bug)
{
    /// <summary>Set when the cell's time limit or a cancellation ended it before its budget.</summary>
    public CellStop Stopped { get; init; }

    public bool AsExpected => Entry.ExpectsBug ? Spec == Entry.Expect : Spec is null;
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;
    public string Outcome => Spec ?? MatrixEntry.Clean;
}

/// <summary>
/// Runs matrix entries. A cell expected clean runs its whole budget; a cell expected to violate a
/// spec runs until that spec fires or the finding budget is spent. If another spec fires first
/// (a different bug of the same run), it is recorded and the search goes on with the next seed,
/// so the row reports the iterations to the first detection of the expected spec.
/// </summary>
public static class SweepRunner
{
    public static SweepRow Run(MatrixEntry entry, string strategy, SweepConfig config, uint? iterationsOverride = null, uint? seedOverride = null, CellControl? control = null)
    {
        var scenario = ScenarioCatalog.Find(entry.Scenario)!;
        var variant = VariantCatalog.Find(entry.Variant)!;
        var seed = seedOverride ?? config.Seed;
        var budget = iterationsOverride ?? (entry.ExpectsBug ? config.FindingIterations : config.Iterations);
        var others = new List<string>();
        var total = 0;
        var seconds = 0.0;
        while (true)
        {
            var result = CellRunner.Run(new Cell(scenario, variant, strategy, budget - (uint)total, seed), config.Engine, control, total);
            total += result.Iterations;
            seconds += result.Seconds;
            var done = !result.BugFound || !entry.ExpectsBug || result.Spec == entry.Expect || total >= budget || result.Stopped != CellStop.None;
            if (done)
            {
                return new SweepRow(entry, strategy, total, seconds, result.Spec, result.Message, others, result.BugFound ? result : null) { Stopped = result.Stopped };
            }
            others.Add(result.Spec!);
            seed++;
        }
    }
}
