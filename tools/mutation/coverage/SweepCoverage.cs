using VerifiedWriteback.Engine;
using Xunit;

namespace VerifiedWriteback.Coverage;

/// <summary>
/// The default sweep (every coyote.json cell under every strategy, the configured budgets and
/// seed) in one test, so coverlet can record which branches of the kernel functions it reaches.
/// VWB_COV_ITERATIONS overrides the budget of the clean cells.
/// </summary>
public sealed class SweepCoverage
{
    [Fact]
    public void The_default_sweep_comes_out_as_expected()
    {
        var config = SweepConfig.Load(SweepConfig.FindDefault(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no coyote.json above the test folder"));
        var clean = Environment.GetEnvironmentVariable("VWB_COV_ITERATIONS") is { } n ? uint.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : config.Iterations;
        var unexpected = new List<string>();
        foreach (var e in config.Matrix)
        {
            foreach (var s in config.Strategies)
            {
                var row = SweepRunner.Run(e, s, config, iterationsOverride: e.ExpectsBug ? null : clean);
                if (!row.AsExpected)
                {
                    unexpected.Add($"{e.Scenario}/{e.Variant}/{s}: {row.Outcome}");
                }
            }
        }
        Assert.Empty(unexpected);
    }
}
