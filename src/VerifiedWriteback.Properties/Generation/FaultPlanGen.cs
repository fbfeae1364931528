using FsCheck;
using FsCheck.Fluent;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// Outcome plans for the fallible calls: true = that call fails. Empty (every call succeeds) is the
/// most common plan; failing plans are short, since ext4_bio_write_page makes few such calls.
/// </summary>
public static class FaultPlanGen
{
    public static Gen<bool[]> Plan(int emptyWeight, int failingWeight, int maxCalls, int failPercent) =>
        Gen.Frequency(
            (emptyWeight, Gen.Constant(Array.Empty<bool>())),
            (failingWeight, Gen.Choose(1, maxCalls).SelectMany(n =>
                Gen.Choose(1, 100).Select(p => p <= failPercent).ArrayOf(n))));

    /// <summary>One to three calls succeed, then one fails: a failure after earlier calls went through.</summary>
    public static Gen<bool[]> FailsLater(int maxOkFirst) =>
        Gen.Choose(1, maxOkFirst).Select(ok => Enumerable.Repeat(false, ok).Append(true).ToArray());
}
