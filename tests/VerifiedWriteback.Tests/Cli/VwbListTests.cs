using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>`vwb list`: every variant, scenario and spec, each with its one-line description.</summary>
public sealed class VwbListTests
{
    [Fact]
    public void Lists_every_variant_scenario_and_spec_with_its_description()
    {
        var run = VwbInvocation.Of("list");
        Assert.Equal(Vwb.Ok, run.Code);
        var lines = run.Stdout.Split('\n');
        Assert.Contains($"variants ({VariantCatalog.All.Count}):", lines);
        Assert.Contains($"scenarios ({ScenarioCatalog.All.Count}):", lines);
        Assert.Contains($"specs ({SpecCatalog.All.Count}):", lines);
        foreach (var v in VariantCatalog.All)
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(v.Name + " ", StringComparison.Ordinal) && l.Contains(v.Description));
        }
        foreach (var s in ScenarioCatalog.All)
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(s.Name + " ", StringComparison.Ordinal) && l.EndsWith(s.Description, StringComparison.Ordinal));
        }
        foreach (var s in SpecCatalog.All)
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(s.Name + " ", StringComparison.Ordinal) && l.EndsWith(s.Checks, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void One_section_lists_only_itself()
    {
        var run = VwbInvocation.Of("list", "specs");
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.StartsWith("specs (", run.Stdout);
        Assert.DoesNotContain("variants (", run.Stdout);
    }
}
