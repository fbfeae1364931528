using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Oracle;

/// <summary>The seed's findings (docs/KERNEL-MODEL.md) that a sequential run can meet.</summary>
public enum Finding
{
    /// <summary>ENOMEM from ext4_encrypt under WB_SYNC_ALL is not retried (L83 compares with ENOMEM).</summary>
    F1,
    /// <summary>bio_alloc fails on a buffer after a bio of the page was submitted. A race only: sequentially the outcome is the intended one.</summary>
    F3,
    /// <summary>F3 with a bounce page: the error path (L117-118) frees it while the submitted bio holds it.</summary>
    F4,
}

/// <summary>
/// Which findings apply to a case, decided from the case and the oracle alone, and what
/// the seed must do instead of the intended behaviour where one applies.
/// </summary>
public static class KnownFindings
{
    /// <summary>
    /// The findings that apply to a case, from the variant's named members: F1 where a WB_SYNC_ALL
    /// pass does not retry an encryption -ENOMEM, F3/F4 where the function checks bio_alloc's result.
    /// </summary>
    public static IReadOnlyList<Finding> Applying(WritePageCase c)
    {
        var variant = Ext4.Variants.VariantCatalog.Find(c.Variant) ?? throw new ArgumentException($"unknown variant {c.Variant}");
        var found = new List<Finding>();
        var toSubmit = BufferClasses.Of(c).Count(k => k == BufferClass.ToSubmit);
        var encrypts = c.Encryption == EncryptionMode.Software && c.Regular && toSubmit > 0;
        if (!variant.SyncPassRetriesEncryptionEnomem && encrypts && c.SyncAll && c.EncryptFaults.Count > 0 && c.EncryptFaults[0])
        {
            found.Add(Finding.F1);
        }
        // F3/F4 are met only if the seed gets that far: where F1 stops it at encryption, they do not apply.
        var asWritten = WritePageOracle.Predict(c, OracleSemantics.SeedAsWritten);
        var partial = asWritten.Page.Return != 0 && asWritten.Bios.Any(b => b.Members.Count > 0);
        if (partial && variant.BioAllocMayFail)
        {
            found.Add(Finding.F3);
            if (asWritten.Bounce.Encrypted > 0) found.Add(Finding.F4);
        }
        return found;
    }

    /// <summary>
    /// The seed's expected outcome: the intended one, except where F1 or F4 applies, where it is the
    /// seed as written (F1: the error path instead of the retry; F4: the bounce page freed in flight,
    /// garbage on disk and a NULL page_private BUG at completion). F3 alone changes nothing sequentially.
    /// </summary>
    public static WritePageOutcome ExpectedForSeed(WritePageCase c) => ExpectedForSeed(c, OracleFlip.None);

    /// <summary>As <see cref="ExpectedForSeed(WritePageCase)"/>, with rules of the oracle deliberately flipped.</summary>
    public static WritePageOutcome ExpectedForSeed(WritePageCase c, OracleFlip flips)
    {
        var findings = Applying(c);
        var semantics = findings.Contains(Finding.F1) || findings.Contains(Finding.F4) ? OracleSemantics.SeedAsWritten : OracleSemantics.SeedIntended;
        return WritePageOracle.Predict(c, semantics.With(flips));
    }
}
