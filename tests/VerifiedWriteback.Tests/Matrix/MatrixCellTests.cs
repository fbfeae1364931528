using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Matrix;

/// <summary>
/// The README's main claim, in CI: EVERY cell of coyote.json (each matrix line under each strategy
/// it lists) runs here, as `vwb sweep` runs it (SweepRunner, the configured seed and engine
/// settings). A clean cell gets a small budget (<see cref="CleanIterations"/>); an expected bug
/// gets the configured finding budget, which the fixed seed makes deterministic, and must be found
/// with the expected spec AND the expected kind of violation (<see cref="ExpectedKinds"/>): a
/// use-after-free that turned into a leak is not the expected outcome.
/// </summary>
public sealed class MatrixCellTests
{
    private const uint CleanIterations = 10;

    private static SweepConfig Config { get; } = SweepConfig.Load(Path.Combine(AppContext.BaseDirectory, "coyote.json"));

    /// <summary>
    /// The rule id each finding must be reported with, by finding; "finding/scenario/variant/strategy"
    /// overrides it for a cell whose first bug is, for the fixed seed, another kind of the same spec.
    /// </summary>
    private static readonly Dictionary<string, string> ExpectedKinds = new(StringComparer.Ordinal)
    {
        ["F1"] = "SyncIntegrity/sync-enomem",
        ["F2"] = "WritebackEventuallyEnds/writeback-never-ends",
        ["F3"] = "WritebackEventuallyEnds/writeback-never-ends",
        ["F4"] = "BouncePageLifetime/use-after-free",
        ["F5"] = "SyncIntegrity/fsync-data-missing",
        // 6.1.141: the WB_SYNC_ALL pass's retry succeeds and submits the page, and the call still returns -ENOMEM.
        ["F6"] = "SyncIntegrity/sync-enomem",
        ["F7"] = "NoDirtyDataLost/spurious-error",
        ["F8"] = "WritebackEventuallyEnds/writeback-never-ends",
        ["H1"] = "NoEarlyWritebackEnd/end-during-submission",
        ["H2"] = "WritebackEventuallyEnds/writeback-never-ends",
        ["H3"] = "NoDirtyDataLost/cleaned-unwritten",
        ["H4"] = "WritebackEndsOnce/ended-twice",
        ["H5"] = "NoPlaintextOnDisk/plaintext-submitted",
    };

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var e in Config.Matrix)
        {
            foreach (var strategy in Config.Strategies)
            {
                data.Add(e.Scenario, e.Variant, strategy);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void The_cell_comes_out_as_coyote_json_expects(string scenario, string variant, string strategy)
    {
        var entry = Config.Matrix.Single(e => e.Scenario == scenario && e.Variant == variant);
        if (!entry.ExpectsBug)
        {
            var clean = SweepRunner.Run(entry, strategy, Config, iterationsOverride: CleanIterations);
            Assert.True(clean.Spec is null, $"{scenario}/{variant}/{strategy}: expected clean, found {clean.Message}");
            Assert.Equal((int)CleanIterations, clean.Iterations);
            return;
        }
        var row = SweepRunner.Run(entry, strategy, Config);
        Assert.True(row.AsExpected, $"{scenario}/{variant}/{strategy}: expected {entry.Expect}, found {row.Outcome} after {row.Iterations} iterations");
        Assert.NotNull(row.Bug);
        var key = $"{entry.Finding}/{scenario}/{variant}/{strategy}";
        var kind = ExpectedKinds.GetValueOrDefault(key) ?? ExpectedKinds[entry.Finding!];
        Assert.True(kind == row.Bug.Kind, $"{key}: expected kind {kind}, found {row.Bug.Kind}: {row.Message}");
    }

    [Fact]
    public void Every_expected_bug_names_a_finding_with_a_known_kind_of_its_spec()
    {
        foreach (var e in Config.Matrix.Where(e => e.ExpectsBug))
        {
            Assert.NotNull(e.Finding);
            Assert.StartsWith(e.Expect + "/", ExpectedKinds[e.Finding], StringComparison.Ordinal);
        }
        Assert.All(ExpectedKinds.Keys.Where(k => k.Contains('/', StringComparison.Ordinal)),
            k => Assert.Contains(Config.Matrix, e => k.StartsWith($"{e.Finding}/{e.Scenario}/{e.Variant}/", StringComparison.Ordinal)));
    }
}
