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
    public const int Tests = 400;

    public static Property Holds(string variant, ModelFlip flips = ModelFlip.None) =>
        Prop.ForAll(ScenarioGen.Arbitrary(variant), s =>
        {
            var verdict = ModelRun.Execute(s, flips);
            return verdict.Holds.Label(verdict.Report);
        });

    [Property(MaxTest = Tests)]
    public Property Upstream_matches_the_abstract_model_over_multi_page_sequences() => Holds("upstream");

    [Property(MaxTest = Tests)]
    public Property Seed_matches_its_model_with_F1_and_deadlocks_only_as_F2() => Holds("seed");
}
