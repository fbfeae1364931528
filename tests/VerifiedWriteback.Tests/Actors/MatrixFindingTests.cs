using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Actors;

/// <summary>
/// The default matrix in coyote.json: every expected finding is found by the default (random)
/// strategy within the configured budget, naming the expected spec; a handful of clean cells stay
/// clean for a short budget (the long clean sweeps belong to `vwb sweep`).
/// </summary>
public sealed class MatrixFindingTests
{
    private static SweepConfig Config => SweepConfig.Load(Path.Combine(AppContext.BaseDirectory, "coyote.json"));

    public static TheoryData<string, string> Findings()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in Config.Matrix.Where(e => e.ExpectsBug))
        {
            data.Add(e.Scenario, e.Variant);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void ExpectedBugIsFoundWithTheDefaultStrategy(string scenario, string variant)
    {
        var config = Config;
        var entry = config.Matrix.Single(e => e.Scenario == scenario && e.Variant == variant);
        var row = SweepRunner.Run(entry, "random", config);
        Assert.True(row.AsExpected, $"{scenario}/{variant}: expected {entry.Expect}, found {row.Outcome} after {row.Iterations} iterations");
        Assert.InRange(row.Iterations, 1, (int)config.FindingIterations);
        Assert.NotNull(row.Bug?.Trace);
    }

    [Theory]
    [InlineData("contiguous-pages", "4.4-fixed")]
    [InlineData("pool-deadlock", "4.4-fixed")]
    [InlineData("bioalloc-encrypt-subpage", "4.4-fixed")]
    [InlineData("fsync-race", "seed")]
    public void CleanCellStaysCleanForAShortBudget(string scenario, string variant)
    {
        var config = Config;
        var entry = config.Matrix.Single(e => e.Scenario == scenario && e.Variant == variant);
        var row = SweepRunner.Run(entry, "random", config, iterationsOverride: 60);
        Assert.Null(row.Spec);
        Assert.Equal(60, row.Iterations);
    }

    [Fact]
    public void TheDefaultConfigurationNamesOnlyKnownThings()
    {
        var config = Config;
        Assert.Equal(["random", "pct", "probabilistic"], config.Strategies);
        Assert.Contains(config.Matrix, e => e.Finding == "F1");
        var bad = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "coyote.json")).Replace("\"pool-deadlock\"", "\"pool-dedlock\"", StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentException>(() => SweepConfig.Parse(bad, "typo.json"));
        Assert.Contains("unknown scenario 'pool-dedlock'", e.Message);
    }
}
