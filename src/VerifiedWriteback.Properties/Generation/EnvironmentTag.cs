using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// Which environment a case needs (docs/KERNEL-MODEL.md, "Environment assumptions"). Faithful: 4.4 as shipped, where
/// encryption requires blockSize == pageSize and bio_alloc(GFP_NOIO) never fails. Adversarial: a
/// case that drops one of those guarantees; `vwb run` runs both, the tag says which a result needs.
/// </summary>
public enum EnvironmentTag
{
    Faithful,
    Adversarial,
}

public static class EnvironmentTags
{
    public static EnvironmentTag Of(WritePageCase c)
    {
        var subPageEncryption = c.Encryption != EncryptionMode.None && c.BlockSize < c.PageSize;
        // A bio_alloc fault only matters to a function that checks bio_alloc's result.
        var checksBioAlloc = Ext4.Variants.VariantCatalog.Find(c.Variant)?.BioAllocMayFail ?? true;
        var bioAllocFails = checksBioAlloc && c.BioAllocFaults.Any(f => f);
        return subPageEncryption || bioAllocFails ? EnvironmentTag.Adversarial : EnvironmentTag.Faithful;
    }
}
