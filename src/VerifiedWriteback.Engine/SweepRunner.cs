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

    /// <summary>The catalogued finding the violating run matches (its signature), or NEW; null when clean.</summary>
    public string? Finding => Bug?.Finding;

    /// <summary>
    /// Clean when clean is expected; otherwise the expected spec fired and, where the cell names a
    /// finding, the run matches that finding's signature (an F1 run does not satisfy an F5 cell).
    /// </summary>
    public bool AsExpected => Entry.ExpectsBug ? Spec == Entry.Expect && (Entry.Finding is null || Finding == Entry.Finding) : Spec is null;
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;
    public string Outcome => Spec ?? MatrixEntry.Clean;
}

/// <summary>
/// Runs matrix entries. A cell expected clean runs its whole budget; a cell expected to violate a
/// spec runs until that spec fires with the expected finding's signature or the finding budget is
/// spent. If another spec fires first, or the expected spec with another finding's signature (a
/// different bug of the same run), it is recorded and the search goes on with the next seed, so the
/// row reports the iterations to the first detection of the expected finding.
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
            var expected = result.Spec == entry.Expect && (entry.Finding is null || result.Finding == entry.Finding);
            var done = !result.BugFound || !entry.ExpectsBug || expected || total >= budget || result.Stopped != CellStop.None;
            if (done)
            {
                return new SweepRow(entry, strategy, total, seconds, result.Spec, result.Message, others, result.BugFound ? result : null) { Stopped = result.Stopped };
            }
            others.Add(result.Finding is { } f ? $"{result.Spec} ({f})" : result.Spec!);
            seed++;
        }
    }
}
