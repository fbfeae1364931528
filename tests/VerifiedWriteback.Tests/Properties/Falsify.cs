using System.Text.RegularExpressions;
using FsCheck;
using Microsoft.FSharp.Core;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>Runs a property that must fail, from a fixed seed, and returns FsCheck's failure report.</summary>
public static partial class Falsify
{
    public const ulong Seed = 20240404;
    public const ulong Gamma = 0x9E3779B97F4A7C15; // odd, as FsCheck's Rnd requires

    public static string Report(Property property, int maxTest = 1000)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed, Gamma), FSharpOption<int>.None)));
        try
        {
            Check.One(config, property);
        }
        catch (Exception e)
        {
            return e.Message;
        }
        throw new Xunit.Sdk.XunitException($"the property held for {maxTest} cases; it was expected to fail");
    }

    /// <summary>The shrunk case's `vwb run` JSON, from the "case: " line of the failure label.</summary>
    public static string ShrunkCase(string report)
    {
        var m = CaseLine().Match(report);
        Assert.True(m.Success, "no 'case: ' line in the report:\n" + report);
        return m.Groups[1].Value.Trim();
    }

    /// <summary>The shrunk scenario's JSON, from the "scenario: " line of a model-based failure.</summary>
    public static string ShrunkScenario(string report)
    {
        var m = ScenarioLine().Match(report);
        Assert.True(m.Success, "no 'scenario: ' line in the report:\n" + report);
        return m.Groups[1].Value.Trim();
    }

    [GeneratedRegex(@"^case: (\{.*\})\s*$", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [GeneratedRegex(@"^scenario: (\{.*\})\s*$", RegexOptions.Multiline)]
    private static partial Regex ScenarioLine();
}
