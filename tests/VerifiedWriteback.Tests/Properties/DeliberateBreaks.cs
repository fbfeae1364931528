using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;
using Xunit.Abstractions;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// Each property shown able to fail: against an oracle with one rule flipped, and against a
/// deliberately broken implementation (a historical-bug variant, or the seed judged without its
/// stated exceptions). Each report must carry FsCheck's replay line and the shrunk case as `vwb run`
/// JSON, and that JSON must reproduce the failure on its own. docs/PROPERTIES.md lists the results.
/// </summary>
public sealed class DeliberateBreaks(ITestOutputHelper output)
{
    private static Property Upstream(Aspect aspect, OracleFlip flip) =>
        OracleProperty.Matches(CaseProfile.Everything("upstream"), c => WritePageOracle.Predict(c, OracleSemantics.Upstream.With(flip)), aspect, "upstream, flipped");

    private static Property Seed(Aspect aspect, OracleFlip flip) =>
        OracleProperty.Matches(CaseProfile.Everything("seed"), c => KnownFindings.ExpectedForSeed(c, flip), aspect, "seed, flipped");

    /// <summary>A broken implementation judged by the seed's oracle (findings excepted as for the seed).</summary>
    private static Property Variant(string variant, Aspect aspect) =>
        OracleProperty.Matches(CaseProfile.Everything(variant), KnownFindings.ExpectedForSeed, aspect, "seed (intended, findings excepted)");

    public static TheoryData<string> Breaks => new(Cases.Keys);

    private static readonly IReadOnlyDictionary<string, (Func<Property> Property, Aspect Aspect, string Expect)> Cases =
        new Dictionary<string, (Func<Property>, Aspect, string)>
        {
            ["upstream buffers, oracle: hole keeps dirty"] = (() => Upstream(Aspect.Buffers, OracleFlip.HoleKeepsDirty), Aspect.Buffers, "buffer"),
            ["upstream buffers, oracle: past EOF not uptodate"] = (() => Upstream(Aspect.Buffers, OracleFlip.PastEofNotUptodate), Aspect.Buffers, "buffer"),
            ["upstream page, oracle: writer never ends writeback"] = (() => Upstream(Aspect.Page, OracleFlip.WriterNeverEndsWriteback), Aspect.Page, "writeback"),
            ["upstream page, oracle: towrite always cleared"] = (() => Upstream(Aspect.Page, OracleFlip.TowriteAlwaysCleared), Aspect.Page, "towrite"),
            ["upstream bios, oracle: plaintext for software encryption"] = (() => Upstream(Aspect.Bios, OracleFlip.PlaintextForSoftwareEncryption), Aspect.Bios, "bio"),
            ["upstream bios, oracle: open bio survives unprepared"] = (() => Upstream(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared), Aspect.Bios, "bio"),
            ["seed buffers, oracle: hole keeps dirty"] = (() => Seed(Aspect.Buffers, OracleFlip.HoleKeepsDirty), Aspect.Buffers, "buffer"),
            ["seed page, oracle: writer never ends writeback"] = (() => Seed(Aspect.Page, OracleFlip.WriterNeverEndsWriteback), Aspect.Page, "writeback"),
            ["seed bios, oracle: open bio survives unprepared"] = (() => Seed(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared), Aspect.Bios, "bio"),
            ["implementation h3 (unprepared dirty dropped), buffers property"] = (() => Variant("h3", Aspect.Buffers), Aspect.Buffers, "buffer"),
            ["implementation h2 (writeback left set), page property"] = (() => Variant("h2", Aspect.Page), Aspect.Page, "writeback"),
            ["implementation h5 (plaintext to disk), bios property"] = (() => Variant("h5", Aspect.Bios), Aspect.Bios, "bounce"),
            ["implementation h1 (submit as you mark), bios property"] = (() => Variant("h1", Aspect.Bios), Aspect.Bios, "bio"),
            ["implementation seed without its stated exceptions (F1/F4), page property"] = (() =>
                OracleProperty.Matches(CaseProfile.Everything("seed"), c => WritePageOracle.Predict(c, OracleSemantics.SeedIntended), Aspect.Page, OracleSemantics.SeedIntended.Name), Aspect.Page, "return"),
            ["implementation seed without its stated exceptions (F4), bios property, finding-prone cases"] = (() =>
                OracleProperty.Matches(CaseProfile.FindingProne("seed"), c => WritePageOracle.Predict(c, OracleSemantics.SeedIntended), Aspect.Bios, OracleSemantics.SeedIntended.Name), Aspect.Bios, "bounce"),
        };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_property_finds_a_counterexample_that_reruns_from_its_JSON(string name)
    {
        var (property, aspect, expect) = Cases[name];
        var report = Falsify.Report(property());
        output.WriteLine(report);
        Assert.Contains("Replay", report, StringComparison.Ordinal);
        Assert.Contains(expect, report, StringComparison.OrdinalIgnoreCase);
        // The shrunk case alone, parsed back from its JSON, still fails the same comparison.
        var shrunk = WritePageCase.Parse(Falsify.ShrunkCase(report));
        var again = OutcomeDiff.Compare(Rejudge(name, shrunk), Observation.Of(CaseRunner.Run(shrunk)), aspect);
        Assert.NotEmpty(again);
    }

    /// <summary>The oracle each break used, to rejudge its shrunk case on its own.</summary>
    private static WritePageOutcome Rejudge(string name, WritePageCase c)
    {
        var flip = Enum.GetValues<OracleFlip>().FirstOrDefault(f => f != OracleFlip.None && name.Contains(Words(f), StringComparison.Ordinal));
        return name.StartsWith("upstream", StringComparison.Ordinal) ? WritePageOracle.Predict(c, OracleSemantics.Upstream.With(flip))
            : name.Contains("without its stated exceptions", StringComparison.Ordinal) ? WritePageOracle.Predict(c, OracleSemantics.SeedIntended)
            : KnownFindings.ExpectedForSeed(c, flip);
    }

    private static string Words(OracleFlip f) => f switch
    {
        OracleFlip.HoleKeepsDirty => "hole keeps dirty",
        OracleFlip.PastEofNotUptodate => "past EOF not uptodate",
        OracleFlip.WriterNeverEndsWriteback => "writer never ends writeback",
        OracleFlip.TowriteAlwaysCleared => "towrite always cleared",
        OracleFlip.PlaintextForSoftwareEncryption => "plaintext for software encryption",
        OracleFlip.OpenBioSurvivesUnprepared => "open bio survives unprepared",
        _ => "\0",
    };

    /// <summary>H4 (no BH_Uptodate_Lock) needs two completions racing: no sequential property can see it.</summary>
    [Fact]
    public void H4_is_invisible_to_the_sequential_properties()
    {
        var property = Variant("h4", Aspect.Page).And(Variant("h4", Aspect.Buffers)).And(Variant("h4", Aspect.Bios));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}
