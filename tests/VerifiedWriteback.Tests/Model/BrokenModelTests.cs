using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Tests.Model;

/// <summary>
/// Every spec fires THROUGH THE MODEL: a variant broken at one kernel line runs under Coyote
/// (CellRunner, as the sweep runs a cell) in a scenario that reaches the line, and the spec
/// guarding it must fire with the expected kind of violation; the same scenario with the unbroken
/// variant is clean. Specs whose rule a shipped variant breaks (H1-H5, F1-F4) are shown by the
/// matrix cells instead (MatrixCellTests); they are listed here too, through the catalog variant.
/// </summary>
public sealed class BrokenModelTests
{
    private static Variant Upstream => VariantCatalog.Find("upstream")!;

    private static readonly Dictionary<string, (string Scenario, Func<Variant> Variant, string Kind)> Cases = new()
    {
        ["contiguity-check"] = ("discontiguous-subpage", () => Broken("contiguity-check", new() { SkipsContiguityCheck = true }), "BioContiguity/wrong-block"),
        ["submit-at-unprepared"] = ("contiguous-pages", () => Broken("submit-at-unprepared", new() { SkipsSubmitAtUnpreparedBuffer = true }), "BioContiguity/open-bio-across-unprepared"),
        ["tail-zeroing"] = ("eof-on-block-boundary", () => Broken("tail-zeroing", new() { SkipsTailZeroing = true }), "TailZeroed/submitted-before-zeroing"),
        ["eof-dirty"] = ("eof-on-block-boundary", () => Broken("eof-dirty", new() { EofBufferKeepsDirty = true }), "TailZeroed/eof-buffer-not-cleaned"),
        ["unlock"] = ("discontiguous-subpage", () => Broken("unlock", new() { SkipsUnlock = true }), "PageLockDiscipline/unlock-count"),
        ["end-bio-unwritten"] = ("unwritten-conversion", () => Broken("end-bio-unwritten", new() { EndBioIgnoresUnwritten = true }), "UnwrittenConvertedBeforeEnd/ended-before-conversion"),
        ["io-end-ref"] = ("discontiguous-subpage", () => Broken("io-end-ref", new() { BioTakesNoIoEndReference = true }), "IoEndLifetime/released-early"),
        ["io-end-ref-unwritten"] = ("unwritten-shared-io-end", () => Broken("io-end-ref-unwritten", new() { BioTakesNoIoEndReference = true }), "IoEndLifetime/queued-early"),
        ["sync-pass-skips"] = ("rewrite-under-writeback", () => Broken("sync-pass-skips", new() { SyncPassSkipsPagesUnderWriteback = true }), "SyncPassWaitsOnWriteback/skipped-under-writeback"),
        ["page-error"] = ("io-errors", () => Broken("page-error", new() { FinishBioSkipsPageError = true }), "IoErrorReported/page-error-missing"),
        ["clear-page-error"] = ("rewrite-after-io-error", () => Broken("clear-page-error", new() { SkipsClearPageError = true }), "IoErrorReported/stale-page-error"),
        ["bounce-plaintext"] = ("encrypted-writeback", () => Broken("bounce-plaintext", new() { BounceCarriesPlaintext = true }), "NoPlaintextOnDisk/plaintext-on-disk"),
        ["retry-keeps-bio"] = ("pool-deadlock", () => Broken("retry-keeps-bio", new() { RetryKeepsOwnBioOpen = true }), "EncryptRetryProgress/retry-never-completes"),
        ["start-writeback-flag"] = ("discontiguous-subpage", () => Broken("start-writeback-flag", new() { StartWritebackLeavesFlagClear = true }), "PageFlagContract/writeback-not-set"),
        ["start-writeback-dirty"] = ("journal-commit-keepwrite", () => Broken("start-writeback-dirty", new() { StartWritebackClearsDirty = true }), "PageFlagContract/flag-side-effect"),
        ["end-writeback-flag"] = ("discontiguous-subpage", () => Broken("end-writeback-flag", new() { EndWritebackLeavesFlagSet = true }), "PageFlagContract/writeback-not-cleared"),
        ["clear-dirty-flag"] = ("discontiguous-subpage", () => Broken("clear-dirty-flag", new() { ClearDirtyForIoLeavesDirty = true }), "PageFlagContract/dirty-not-cleared"),
        ["clear-dirty-before-lock"] = ("discontiguous-subpage", () => Broken("clear-dirty-before-lock", new() { PassClearsDirtyBeforeLock = true }), "PageFlagContract/clear-dirty-unlocked"),
        ["redirty-flag"] = ("journal-commit-keepwrite", () => Broken("redirty-flag", new() { RedirtyLeavesPageClean = true }), "PageFlagContract/dirty-not-set"),
        ["h1"] = ("contiguous-pages", () => VariantCatalog.Find("h1")!, "NoEarlyWritebackEnd/end-during-submission"),
        ["h2"] = ("encrypt-enomem-background", () => VariantCatalog.Find("h2")!, "WritebackEventuallyEnds/writeback-never-ends"),
        ["h3"] = ("unprepared-buffers", () => VariantCatalog.Find("h3")!, "NoDirtyDataLost/cleaned-unwritten"),
        ["h4"] = ("discontiguous-subpage", () => VariantCatalog.Find("h4")!, "WritebackEndsOnce/ended-twice"),
        ["h5"] = ("encrypted-writeback", () => VariantCatalog.Find("h5")!, "NoPlaintextOnDisk/plaintext-submitted"),
        ["f1"] = ("sync-enomem", () => VariantCatalog.Find("seed")!, "SyncIntegrity/sync-enomem"),
        ["f4"] = ("bioalloc-encrypt-subpage", () => VariantCatalog.Find("seed")!, "BouncePageLifetime/use-after-free"),
    };

    private static Variant Broken(string name, Breakage breaks) => new BrokenVariant(name, Upstream, breaks);

    public static TheoryData<string> Breaks => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_broken_model_makes_its_spec_fire_with_its_kind(string breakage)
    {
        var (scenario, variant, kind) = Cases[breakage];
        var result = CellRunner.Run(new Cell(ScenarioCatalog.Find(scenario)!, variant(), "random", 2000, 1), new EngineSettings());
        Assert.True(result.BugFound, $"{breakage} in {scenario}: no spec fired in {result.Iterations} iterations");
        Assert.Equal(kind, result.Kind);
        Assert.Equal(kind.Split('/')[0], result.Spec);
    }

    /// <summary>Every spec of the catalog is among those shown firing through the model.</summary>
    [Fact]
    public void Every_spec_fires_through_the_model_in_some_case() =>
        Assert.Equal(
            VerifiedWriteback.Specs.SpecCatalog.All.Select(s => s.Name).Order(StringComparer.Ordinal),
            Cases.Values.Select(c => c.Kind.Split('/')[0]).Distinct().Order(StringComparer.Ordinal));

    /// <summary>The unbroken variant is clean in every scenario a breakage is shown in (so the spec fires because of the break).</summary>
    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_unbroken_upstream_variant_is_clean_there(string breakage)
    {
        var (scenario, _, _) = Cases[breakage];
        var result = CellRunner.Run(new Cell(ScenarioCatalog.Find(scenario)!, Upstream, "random", 30, 1), new EngineSettings());
        Assert.False(result.BugFound, result.Message);
        Assert.Equal(30, result.Iterations);
    }
}
