using VerifiedWriteback.Properties.Coverage;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.ModelBased;
using Xunit.Abstractions;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// Prints the coverage table of docs/PROPERTIES.md (run with
/// `dotnet test --filter CoverageReport --logger "console;verbosity=detailed"`) and holds a floor:
/// every class and branch a generator can reach is reached.
/// </summary>
public sealed class CoverageReport(ITestOutputHelper output)
{
    private const string Retry = "L84-89 encryption retried (upstream, or the seed's intent)";
    private const string RetrySubmit = "L85 open bio submitted before the retry";
    private const string AllocFailed = "L102-108 bio_alloc failed";
    private const string ErrorRestore = "L118 bounce page restored on the error path";
    private const string Adversarial = "environment: adversarial";
    private const string Bug = "kernel BUG reported";

    /// <summary>Each measured generator, its case count, and the labels it cannot reach by construction.</summary>
    public static IReadOnlyList<(string Name, CaseProfile Profile, int Cases, string[] Unreachable)> Generators { get; } =
    [
        ("4.4-fixed", CaseProfile.Everything("4.4-fixed"), UpstreamOracleProperties.Tests,
            [AllocFailed, ErrorRestore, "finding F1 applies", "finding F3 applies", "finding F4 applies", Bug]),
        ("seed", CaseProfile.Everything("seed"), SeedOracleProperties.Tests, [Retry, RetrySubmit]),
        ("seed faithful", CaseProfile.Faithful("seed"), SeedOracleProperties.AspectTests,
            [Retry, RetrySubmit, AllocFailed, ErrorRestore, Adversarial, "finding F3 applies", "finding F4 applies", Bug]),
        ("seed finding-prone", CaseProfile.FindingProne("seed"), SeedOracleProperties.Tests, [Retry, RetrySubmit]),
    ];

    public static IReadOnlyList<CoverageColumn> Measure() =>
        Generators.Select(g => CoverageTable.Measure(g.Name, CaseGen.Cases(g.Profile), g.Cases)).ToArray();

    /// <summary>The model-based property's scenarios, per variant, and what each cannot reach.</summary>
    public static IReadOnlyList<(string Variant, string[] Unreachable)> ScenarioGenerators { get; } =
    [
        ("4.4-fixed", [ScenarioBranches.F1, ScenarioBranches.F2]),
        ("seed", [ScenarioBranches.RetrySubmit]),
    ];

    public static IReadOnlyList<CoverageColumn> MeasureScenarios() =>
        ScenarioGenerators.Select(g => CoverageTable.MeasureScenarios($"model-based {g.Variant}", g.Variant, ModelBasedProperties.Tests)).ToArray();

    [Fact]
    public void Every_situation_of_the_model_based_property_is_reached()
    {
        var columns = MeasureScenarios();
        output.WriteLine(CoverageTable.Format(columns, ScenarioBranches.All));
        var missing = ScenarioGenerators.Zip(columns)
            .SelectMany(t => ScenarioBranches.All.Where(l => t.Second.Hits[l] == 0 && !t.First.Unreachable.Contains(l)).Select(l => $"{t.First.Variant}: {l}"))
            .ToArray();
        Assert.True(missing.Length == 0, "never reached: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_class_and_branch_is_reached_by_the_generators()
    {
        var columns = Measure();
        output.WriteLine(CoverageTable.Format(columns));
        var missing = Generators.Zip(columns)
            .SelectMany(t => Branches.All.Where(l => t.Second.Hits[l] == 0 && !t.First.Unreachable.Contains(l)).Select(l => $"{t.First.Name}: {l}"))
            .ToArray();
        Assert.True(missing.Length == 0, "never reached: " + string.Join("; ", missing));
    }

    /// <summary>
    /// The generators are sampled with a fixed seed, so the shares are known: each row of
    /// docs/PROPERTIES.md's coverage table is exactly what the generators reach now (not a floor of
    /// one hit). A change of a generator or of the model that moves a share shows here.
    /// </summary>
    [Fact]
    public void The_documented_shares_are_the_measured_ones()
    {
        var measured = CoverageTable.Format(Measure()).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToArray();
        var repo = Path.GetDirectoryName(VerifiedWriteback.Engine.SweepConfig.FindDefault(AppContext.BaseDirectory + "/../../../../.."))!;
        var documented = File.ReadAllLines(Path.Combine(repo, "docs", "PROPERTIES.md")).Select(l => l.TrimEnd()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Branches.All.Count, measured.Length);
        var differing = measured.Where(row => !documented.Contains(row)).ToArray();
        Assert.True(differing.Length == 0, "rows of the coverage table that docs/PROPERTIES.md does not state as measured:\n" + string.Join("\n", differing));
    }
}
