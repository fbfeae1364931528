using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;
using Xunit.Abstractions;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// Each oracle property shown able to fail: against an oracle with one rule flipped, and against a
/// deliberately broken implementation (a historical-bug variant, or the seed judged without one of
/// its stated exceptions). Each report must carry FsCheck's replay parameters and the shrunk case as
/// `vwb run` JSON, and that JSON must reproduce the failure on its own. docs/PROPERTIES.md lists the results.
/// </summary>
public sealed class DeliberateBreaks(ITestOutputHelper output)
{
    private sealed record Break(CaseProfile Profile, Aspect Aspect, Func<WritePageCase, WritePageOutcome> Oracle, string Expect);

    private static Break Upstream(Aspect aspect, OracleFlip flip, string expect) =>
        new(CaseProfile.Everything("4.4-fixed"), aspect, c => WritePageOracle.Predict(c, OracleSemantics.Upstream.With(flip)), expect);

    private static Break Seed(Aspect aspect, OracleFlip flip, string expect) =>
        new(CaseProfile.Everything("seed"), aspect, c => KnownFindings.ExpectedForSeed(c, flip), expect);

    /// <summary>A broken implementation judged by the seed's oracle (findings excepted as for the seed).</summary>
    private static Break Variant(string variant, Aspect aspect, string expect) =>
        new(CaseProfile.Everything(variant), aspect, KnownFindings.ExpectedForSeed, expect);

    /// <summary>The seed judged with F1 excepted but not F4: the counterexample has to be F4.</summary>
    private static WritePageOutcome OnlyF1Excepted(WritePageCase c) =>
        WritePageOracle.Predict(c, KnownFindings.Applying(c).Contains(Finding.F1) ? OracleSemantics.SeedAsWritten : OracleSemantics.SeedIntended);

    private static readonly IReadOnlyDictionary<string, Break> Cases = new Dictionary<string, Break>
    {
        ["upstream buffers, oracle: hole keeps dirty"] = Upstream(Aspect.Buffers, OracleFlip.HoleKeepsDirty, "buffer"),
        ["upstream buffers, oracle: past EOF not uptodate"] = Upstream(Aspect.Buffers, OracleFlip.PastEofNotUptodate, "buffer"),
        ["upstream page, oracle: writer never ends writeback"] = Upstream(Aspect.Page, OracleFlip.WriterNeverEndsWriteback, "writeback"),
        ["upstream page, oracle: towrite always cleared"] = Upstream(Aspect.Page, OracleFlip.TowriteAlwaysCleared, "towrite"),
        ["upstream bios, oracle: plaintext for software encryption"] = Upstream(Aspect.Bios, OracleFlip.PlaintextForSoftwareEncryption, "bio"),
        ["upstream bios, oracle: open bio survives unprepared"] = Upstream(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared, "bio"),
        ["seed buffers, oracle: hole keeps dirty"] = Seed(Aspect.Buffers, OracleFlip.HoleKeepsDirty, "buffer"),
        ["seed page, oracle: writer never ends writeback"] = Seed(Aspect.Page, OracleFlip.WriterNeverEndsWriteback, "writeback"),
        ["seed bios, oracle: open bio survives unprepared"] = Seed(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared, "bio"),
        ["implementation h3 (unprepared dirty dropped), buffers property"] = Variant("h3", Aspect.Buffers, "buffer"),
        ["implementation h2 (writeback left set), page property"] = Variant("h2", Aspect.Page, "writeback"),
        ["implementation h5 (plaintext to disk), bios property"] = Variant("h5", Aspect.Bios, "bounce"),
        ["implementation h1 (submit as you mark), bios property"] = Variant("h1", Aspect.Bios, "bio"),
        ["implementation seed without the F1 exception, page property"] =
            new(CaseProfile.Everything("seed"), Aspect.Page, c => WritePageOracle.Predict(c, OracleSemantics.SeedIntended), "return"),
        ["implementation seed without the F4 exception, bios property"] =
            new(CaseProfile.FindingProne("seed"), Aspect.Bios, OnlyF1Excepted, "v-1"),
        ["implementation seed without the F4 exception, page property"] =
            new(CaseProfile.FindingProne("seed"), Aspect.Page, OnlyF1Excepted, "kernel BUG"),
    };

    public static TheoryData<string> Breaks => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_property_finds_a_counterexample_that_reruns_from_its_JSON(string name)
    {
        var b = Cases[name];
        var report = Falsify.Report(OracleProperty.Matches(b.Profile, b.Oracle, b.Aspect, name));
        output.WriteLine(report);
        Assert.Contains("seed of (", report, StringComparison.Ordinal); // FsCheck's replay parameters
        Assert.Contains(b.Expect, report, StringComparison.OrdinalIgnoreCase);
        // The shrunk case alone, parsed back from its JSON, still fails the same comparison.
        var shrunk = WritePageCase.Parse(Falsify.ShrunkCase(report));
        Assert.NotEmpty(OutcomeDiff.Compare(b.Oracle(shrunk), Observation.Of(CaseRunner.Run(shrunk)), b.Aspect));
    }

    /// <summary>H4 (no BH_Uptodate_Lock) needs two completions racing: no sequential property can see it.</summary>
    [Fact]
    public void H4_is_invisible_to_the_sequential_properties()
    {
        var profile = CaseProfile.Everything("h4");
        var property = OracleProperty.Matches(profile, KnownFindings.ExpectedForSeed, Aspect.Page, "seed")
            .And(OracleProperty.Matches(profile, KnownFindings.ExpectedForSeed, Aspect.Buffers, "seed"))
            .And(OracleProperty.Matches(profile, KnownFindings.ExpectedForSeed, Aspect.Bios, "seed"));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }
}
