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
    /// <summary>A break and the exact difference it must produce: a predicate on one line of OutcomeDiff ("what: oracle X, model Y").</summary>
    private sealed record Break(CaseProfile Profile, Aspect Aspect, Func<WritePageCase, WritePageOutcome> Oracle, Difference Expect);

    /// <summary>The field that must differ, and what the oracle and the model must say there.</summary>
    private sealed record Difference(string Field, Func<string, bool> Oracle, Func<string, bool> Model, string Shown)
    {
        public bool Matches(string line)
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, "^(?<what>.*?): oracle (?<oracle>.*), model (?<model>.*)$");
            return m.Success && (m.Groups["what"].Value == Field || (Field.EndsWith(' ') && m.Groups["what"].Value.StartsWith(Field, StringComparison.Ordinal)))
                && Oracle(m.Groups["oracle"].Value) && Model(m.Groups["model"].Value);
        }

        public override string ToString() => Shown;
    }

    /// <summary>Exactly "field: oracle X, model Y".</summary>
    private static Difference Exactly(string field, string oracle, string model) =>
        new(field, o => o == oracle, m => m == model, $"{field}: oracle {oracle}, model {model}");

    /// <summary>Some buffer whose flags hold <paramref name="flag"/> on one side only.</summary>
    private static Difference BufferFlag(string flag, bool oracleHas) =>
        new("buffer ", o => Has(o, flag) == oracleHas, m => Has(m, flag) != oracleHas, $"buffer N: {flag} {(oracleHas ? "expected, model lacks it" : "not expected, model has it")}");

    private static bool Has(string flags, string flag) => flags.Trim('[', ']').Split(',').Contains(flag);

    /// <summary>Some bio whose segments are bounce pages on one side only.</summary>
    private static Difference BioBounce(bool oracleBounce) =>
        new("bio ", o => o.Contains(" bounce", StringComparison.Ordinal) == oracleBounce, m => m.Contains(" bounce", StringComparison.Ordinal) != oracleBounce,
            $"bio N: {(oracleBounce ? "bounce expected, model sends the page" : "page expected, model sends a bounce page")}");

    /// <summary>The bios differ in number: the oracle expects a different split into bios than the model made.</summary>
    private static Difference BioCount => new("bio count", o => o != "", m => m != "", "bio count: oracle and model differ");

    private static Break Upstream(Aspect aspect, OracleFlip flip, Difference expect) =>
        new(CaseProfile.Everything("4.4-fixed"), aspect, c => WritePageOracle.Predict(c, OracleSemantics.Upstream.With(flip)), expect);

    private static Break Seed(Aspect aspect, OracleFlip flip, Difference expect) =>
        new(CaseProfile.Everything("seed"), aspect, c => KnownFindings.ExpectedForSeed(c, flip), expect);

    /// <summary>A broken implementation judged by the seed's oracle (findings excepted as for the seed).</summary>
    private static Break Variant(string variant, Aspect aspect, Difference expect) =>
        new(CaseProfile.Everything(variant), aspect, KnownFindings.ExpectedForSeed, expect);

    /// <summary>The seed judged with F1 excepted but not F4: the counterexample has to be F4.</summary>
    private static WritePageOutcome OnlyF1Excepted(WritePageCase c) =>
        WritePageOracle.Predict(c, KnownFindings.Applying(c).Contains(Finding.F1) ? OracleSemantics.SeedAsWritten : OracleSemantics.SeedIntended);

    private static readonly IReadOnlyDictionary<string, Break> Cases = new Dictionary<string, Break>
    {
        ["upstream buffers, oracle: hole keeps dirty"] = Upstream(Aspect.Buffers, OracleFlip.HoleKeepsDirty, BufferFlag("dirty", oracleHas: true)),
        ["upstream buffers, oracle: past EOF not uptodate"] = Upstream(Aspect.Buffers, OracleFlip.PastEofNotUptodate, BufferFlag("uptodate", oracleHas: false)),
        ["upstream page, oracle: writer never ends writeback"] = Upstream(Aspect.Page, OracleFlip.WriterNeverEndsWriteback, Exactly("writer's own end_page_writeback", "False", "True")),
        ["upstream page, oracle: towrite always cleared"] = Upstream(Aspect.Page, OracleFlip.TowriteAlwaysCleared, Exactly("page towrite tag", "False", "True")),
        ["upstream bios, oracle: plaintext for software encryption"] = Upstream(Aspect.Bios, OracleFlip.PlaintextForSoftwareEncryption, BioBounce(oracleBounce: false)),
        ["upstream bios, oracle: open bio survives unprepared"] = Upstream(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared, BioCount),
        ["seed buffers, oracle: hole keeps dirty"] = Seed(Aspect.Buffers, OracleFlip.HoleKeepsDirty, BufferFlag("dirty", oracleHas: true)),
        ["seed page, oracle: writer never ends writeback"] = Seed(Aspect.Page, OracleFlip.WriterNeverEndsWriteback, Exactly("writer's own end_page_writeback", "False", "True")),
        ["seed bios, oracle: open bio survives unprepared"] = Seed(Aspect.Bios, OracleFlip.OpenBioSurvivesUnprepared, BioCount),
        ["implementation h3 (unprepared dirty dropped), buffers property"] = Variant("h3", Aspect.Buffers, BufferFlag("dirty", oracleHas: true)),
        ["implementation h2 (writeback left set), page property"] = Variant("h2", Aspect.Page, Exactly("page writeback", "False", "True")),
        ["implementation h5 (plaintext to disk), bios property"] = Variant("h5", Aspect.Bios, BioBounce(oracleBounce: true)),
        ["implementation h1 (submit as you mark), bios property"] = Variant("h1", Aspect.Bios, BioCount),
        ["implementation seed without the F1 exception, page property"] =
            new(CaseProfile.Everything("seed"), Aspect.Page, c => WritePageOracle.Predict(c, OracleSemantics.SeedIntended), Exactly("return", "0", "-12")),
        ["implementation seed without the F4 exception, bios property"] =
            new(CaseProfile.FindingProne("seed"), Aspect.Bios, OnlyF1Excepted, new Difference("disk writes of this page", _ => true, m => m.Contains(":v-1", StringComparison.Ordinal), "disk writes of this page: the model writes v-1 (a freed bounce page)")),
        ["implementation seed without the F4 exception, page property"] =
            new(CaseProfile.FindingProne("seed"), Aspect.Page, OnlyF1Excepted, new Difference("kernel BUG", o => o == "null", m => m != "null", "kernel BUG: oracle null, model a BUG")),
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
        // The shrunk case alone, parsed back from its JSON, still fails the same comparison, with
        // exactly the difference the break makes (not a word every report carries).
        var shrunk = WritePageCase.Parse(Falsify.ShrunkCase(report));
        var diff = OutcomeDiff.Compare(b.Oracle(shrunk), Observation.Of(CaseRunner.Run(shrunk)), b.Aspect);
        Assert.True(diff.Any(b.Expect.Matches), $"expected the difference '{b.Expect}', found:\n{string.Join("\n", diff)}");
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
