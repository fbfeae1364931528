using VerifiedWriteback.Properties.ModelBased;
using Xunit.Abstractions;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// The model-based property shown able to fail: a flipped rule of the abstract model, a broken
/// implementation (historical-bug variants), the seed judged without its stated exceptions. The
/// report carries the replay line and the shrunk scenario, which reruns to the same failure.
/// </summary>
public sealed class ModelBasedDeliberateBreaks(ITestOutputHelper output)
{
    private static readonly IReadOnlyDictionary<string, (string Variant, ModelOptions Options)> Cases =
        new Dictionary<string, (string, ModelOptions)>
        {
            ["model: delayed buffers written without allocation"] = ("4.4-fixed", ModelOptions.For("4.4-fixed") with { Flips = ModelFlip.DelayedBuffersWritten }),
            ["model: WB_SYNC_ALL does not wait for writeback"] = ("4.4-fixed", ModelOptions.For("4.4-fixed") with { Flips = ModelFlip.SyncPassDoesNotWait }),
            ["implementation h3 (unprepared dirty dropped)"] = ("h3", ModelOptions.For("seed")),
            ["implementation h2 (writeback left set)"] = ("h2", ModelOptions.For("seed")),
            ["implementation h5 (plaintext to disk)"] = ("h5", ModelOptions.For("seed")),
            ["implementation seed judged by upstream's model (F1 not excepted)"] = ("seed", ModelOptions.For("seed") with { SyncRetriesEncryption = true }),
            ["implementation seed without the F2 exception"] = ("seed", ModelOptions.For("seed") with { F2Excepted = false }),
        };

    /// <summary>The line of the departure report each break must produce (what the system has where the abstract model says otherwise).</summary>
    private static readonly IReadOnlyDictionary<string, string> Difference = new Dictionary<string, string>
    {
        ["model: delayed buffers written without allocation"] = "buffer 0: dirty is True, model says False",
        ["model: WB_SYNC_ALL does not wait for writeback"] = "writes completed during a pass that neither waited nor could sleep for a bounce page",
        ["implementation h3 (unprepared dirty dropped)"] = "buffer 0: dirty is False, model says True",
        ["implementation h2 (writeback left set)"] = "writeback is True, model says False",
        ["implementation h5 (plaintext to disk)"] = "disk has v1, model says v1 ciphertext",
        ["implementation seed judged by upstream's model (F1 not excepted)"] = "writeback is False, model says True",
        ["implementation seed without the F2 exception"] = "ModelHang: mempool_alloc(ext4_bounce_page_pool, GFP_NOFS) sleeps",
    };

    public static TheoryData<string> Breaks => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_model_based_property_finds_a_scenario_that_reruns_from_its_JSON(string name)
    {
        var (variant, options) = Cases[name];
        var report = Falsify.Report(ModelBasedProperties.Holds(variant, options), maxTest: ModelBasedProperties.Tests);
        output.WriteLine(report);
        Assert.Contains("seed of (", report, StringComparison.Ordinal); // FsCheck's replay parameters
        var again = ModelRun.Execute(ScenarioJson.Parse(Falsify.ShrunkScenario(report)), options);
        Assert.False(again.Holds, "the printed scenario did not fail again");
        // The rerun departs from the abstract model with exactly the difference the break makes.
        Assert.Contains(Difference[name], again.Report, StringComparison.Ordinal);
    }
}
