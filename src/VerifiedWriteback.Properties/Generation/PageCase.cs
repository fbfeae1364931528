using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// A generated case as FsCheck shows it: its ToString is the `vwb run` JSON, so the "Original" and
/// "Shrunk" lines of a failure are cases one can save and rerun.
/// </summary>
public sealed record PageCase(WritePageCase Case)
{
    public override string ToString() => CaseJson.Serialize(Case);
}

/// <summary>The FsCheck arbitraries of vwb cases: the one generator, the one shrinker.</summary>
public static class CaseArbitrary
{
    public static Arbitrary<PageCase> For(CaseProfile profile) =>
        Arb.From(CaseGen.Cases(profile).Select(c => new PageCase(c)),
            p => CaseShrinker.Shrink(p.Case).Select(c => new PageCase(c)));
}
