using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;
using VerifiedWriteback.Properties.Reporting;

namespace VerifiedWriteback.Properties;

/// <summary>
/// The oracle properties as FsCheck values, so the tests state them once and the deliberate-break
/// tests run the same property against a flipped oracle or a broken variant.
/// </summary>
public static class OracleProperty
{
    /// <summary>For every generated case, one aspect of the `vwb run` result equals the oracle's.</summary>
    public static Property Matches(CaseProfile profile, Func<WritePageCase, WritePageOutcome> oracle, Aspect aspect, string oracleName) =>
        Prop.ForAll(CaseArbitrary.For(profile), pc => Check(pc.Case, oracle, aspect, oracleName));

    public static Property Check(WritePageCase c, Func<WritePageCase, WritePageOutcome> oracle, Aspect aspect, string oracleName)
    {
        var observed = Observation.Of(CaseRunner.Run(c));
        var differences = OutcomeDiff.Compare(oracle(c), observed, aspect);
        return differences.Count == 0
            ? true.ToProperty()
            : false.Label(FailureReport.For($"{aspect} of variant '{c.Variant}' differ from the oracle '{oracleName}':", differences, c));
    }

    /// <summary>
    /// The seed departs from its intended behaviour exactly where F1 or F4 applies, and there it does
    /// what the finding says (the oracle of the seed as written). F3 alone must match the intent.
    /// </summary>
    public static Property SeedDeviatesExactlyWhereFindingsApply(CaseProfile profile) =>
        Prop.ForAll(CaseArbitrary.For(profile), pc =>
        {
            var c = pc.Case;
            var observed = Observation.Of(CaseRunner.Run(c));
            var findings = KnownFindings.Applying(c);
            var deviates = OutcomeDiff.CompareAll(WritePageOracle.Predict(c, OracleSemantics.SeedIntended), observed);
            var asWritten = OutcomeDiff.CompareAll(WritePageOracle.Predict(c, OracleSemantics.SeedAsWritten), observed);
            var excused = findings.Contains(Finding.F1) || findings.Contains(Finding.F4);
            if (asWritten.Count > 0)
                return false.Label(FailureReport.For("seed differs from the oracle of the seed as written:", asWritten, c));
            if (excused && deviates.Count == 0)
                return false.Label(FailureReport.For($"findings {string.Join(',', findings)} apply but the seed behaves as intended", [], c));
            if (!excused && deviates.Count > 0)
                return false.Label(FailureReport.For("seed deviates from its intent where no known finding applies:", deviates, c));
            return true.ToProperty();
        });
}
