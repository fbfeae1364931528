using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Properties.ModelBased;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// Model-based: random sequences of user writes, writeback passes, completions and memory-pressure
/// changes over the pages of one inode, the system compared with the abstract model after every step.
/// `upstream` matches the model everywhere. `seed` matches its model, which includes F1 (a
/// WB_SYNC_ALL pass fails with -ENOMEM on a software-encrypted page under full memory pressure);
/// a seed pass may also deadlock, but only in exactly the shape of F2.
/// </summary>
public sealed class ModelBasedProperties
{
    public const int Tests = 1000;

    public static Property Holds(string variant) => Holds(variant, ModelOptions.For(variant));

    public static Property Holds(string variant, ModelOptions options) =>
        Prop.ForAll(ScenarioGen.Arbitrary(variant), s =>
        {
            var verdict = ModelRun.Execute(s, options);
            return verdict.Holds.Label(verdict.Report);
        });

    [Property(MaxTest = Tests)]
    public Property Upstream_matches_the_abstract_model_over_multi_page_sequences() => Holds("4.4-fixed");

    [Property(MaxTest = Tests)]
    public Property Seed_matches_its_model_with_F1_and_deadlocks_only_as_F2() => Holds("seed");

    /// <summary>
    /// Worked example, the smallest F2: two software-encrypted pages on consecutive blocks, a bounce
    /// pool reserve of one, the allocator under pressure. The seed's writer sleeps (GFP_NOFS) for a
    /// bounce page that sits in its own unsubmitted bio; upstream asks with GFP_NOWAIT, submits the
    /// bio, sleeps until it completes and goes on.
    /// </summary>
    [Fact]
    public void Smallest_F2_deadlocks_the_seed_and_not_upstream()
    {
        const string ops = "\"ops\":[\"write page 0 buffer 0\",\"write page 1 buffer 0\",\"memory pressure PoolOnly\",\"writeback pass WB_SYNC_NONE\"]";
        static string Json(string variant) => $"{{\"variant\":\"{variant}\",\"pages\":2,\"blockSize\":4096,\"lastPageLen\":4096,\"encryption\":\"software\",\"holes\":[],\"gapsBetweenPages\":false,\"bouncePoolReserve\":1,{ops}}}";
        var seed = ModelRun.Execute(ScenarioJson.Parse(Json("seed")));
        Assert.True(seed.Holds && seed.ReachedF2, seed.Report);
        var upstream = ModelRun.Execute(ScenarioJson.Parse(Json("4.4-fixed")));
        Assert.True(upstream.Holds, upstream.Report);
        Assert.Contains(ScenarioBranches.RetrySubmit, upstream.Reached);
        Assert.Contains(ScenarioBranches.PoolSleep, upstream.Reached);
    }
}
