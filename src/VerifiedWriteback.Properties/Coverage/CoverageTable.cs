using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Properties.Coverage;

/// <summary>How many of a property's generated cases reached each branch label.</summary>
public sealed record CoverageColumn(string Property, int Cases, IReadOnlyDictionary<string, int> Hits)
{
    public double Share(string label) => Cases == 0 ? 0 : (double)Hits.GetValueOrDefault(label) / Cases;
}

/// <summary>
/// Coverage of the state space: draws a property's cases from its own generator with a fixed seed,
/// as many as the property's MaxTest, runs each with CaseRunner and counts the branches reached.
/// </summary>
public static class CoverageTable
{
    public const ulong Seed = 20240404;

    public static CoverageColumn Measure(string property, Gen<WritePageCase> gen, int cases, ulong seed = Seed)
    {
        var hits = Branches.All.ToDictionary(l => l, _ => 0);
        foreach (var c in gen.Sample(cases, new Rnd(seed), 50))
        {
            foreach (var label in Branches.Reached(c, CaseRunner.Run(c)))
            {
                hits[label]++;
            }
        }
        return new CoverageColumn(property, cases, hits);
    }

    /// <summary>The multi-page scenarios of the model-based property: share reaching each ScenarioBranches label.</summary>
    public static CoverageColumn MeasureScenarios(string property, string variant, int scenarios, ulong seed = Seed)
    {
        var hits = ModelBased.ScenarioBranches.All.ToDictionary(l => l, _ => 0);
        foreach (var s in ModelBased.ScenarioGen.Scenarios(variant).Sample(scenarios, new Rnd(seed), 50))
        {
            foreach (var label in ModelBased.ModelRun.Execute(s).Reached)
            {
                hits[label]++;
            }
        }
        return new CoverageColumn(property, scenarios, hits);
    }

    /// <summary>A Markdown table: one row per label, one column per property, shares in percent.</summary>
    public static string Format(IReadOnlyList<CoverageColumn> columns) => Format(columns, Branches.All);

    public static string Format(IReadOnlyList<CoverageColumn> columns, IReadOnlyList<string> labels)
    {
        var sb = new StringBuilder();
        sb.Append("| reached |");
        foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $" {c.Property} ({c.Cases}) |");
        sb.AppendLine();
        sb.Append("|---|");
        foreach (var _ in columns) sb.Append("---:|");
        sb.AppendLine();
        foreach (var label in labels)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {label} |");
            foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $" {c.Share(label) * 100:0.0}% |");
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
