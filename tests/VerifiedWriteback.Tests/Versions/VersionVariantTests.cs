using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Tests.Versions;

/// <summary>The version axis: each version names its source and runs its own function.</summary>
public sealed class VersionVariantTests
{
    [Theory]
    [InlineData("seed", SubmissionFunction.Seed44, "OnePlusOSS/android_kernel_oneplus_msm8998")]
    [InlineData("4.4-fixed", SubmissionFunction.Seed44, "MichaelTong/linux-4.4.178")]
    [InlineData("6.1", SubmissionFunction.Linux61, "markbirss/linux-6.1.141")]
    [InlineData("6.18", SubmissionFunction.Mainline, "gfunkmonk/linux-6.18.2")]
    public void Each_version_cites_a_tree_and_a_full_commit_and_runs_its_own_function(string name, SubmissionFunction function, string tree)
    {
        var v = VariantCatalog.Find(name)!;
        Assert.Equal(function, v.Function);
        Assert.Equal(tree, v.Source.Tree);
        Assert.Matches("^[0-9a-f]{40}$", v.Source.Commit);
        Assert.Contains(v.Source.Commit[..12], v.Source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_former_name_upstream_still_finds_4_4_fixed()
    {
        Assert.Same(VariantCatalog.Find("4.4-fixed"), VariantCatalog.Find("upstream"));
        Assert.DoesNotContain(VariantCatalog.All, v => v.Name == "upstream");
    }

    [Fact]
    public void Mainline_has_no_F5_shape_where_6_1_has_it()
    {
        var scenario = ScenarioCatalog.Find("fsync-bg-enomem")!;
        var r61 = CellRunner.Run(new Cell(scenario, VariantCatalog.Find("6.1")!, "random", 200, 1), new EngineSettings());
        Assert.Equal("F5", r61.Finding);
        var r618 = CellRunner.Run(new Cell(scenario, VariantCatalog.Find("6.18")!, "random", 200, 1), new EngineSettings());
        Assert.False(r618.BugFound, r618.Message);
    }

    [Fact]
    public void Mainline_stays_clean_in_runs_where_the_writer_s_encryption_did_fail()
    {
        // The clean 6.18 cell is not clean for want of a fault: the writer's encryption fails in some
        // iterations, and the fsync still finds the data on disk (no spec fires).
        var worlds = new List<World>();
        var config = new EngineSettings().Configure("random", 200, 1);
        using var engine = TestingEngine.Create(config, (IActorRuntime runtime) =>
            Harness.Start(runtime, ScenarioCatalog.Find("fsync-bg-enomem")!, VariantCatalog.Find("6.18")!, built: worlds.Add));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        Assert.Empty(engine.TestReport.BugReports);
        Assert.Contains(worlds, w => w.Machine.Events.OfType<Call.ext4_encrypt>().Any(e => e.Ret < 0 && e.Cpu == "writer0")
                                     && w.Machine.Events.OfType<Call.fsync_return>().Any(r => r.Ret == 0));
    }
}
