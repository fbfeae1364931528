namespace VerifiedWriteback.Ext4.Variants;

/// <summary>The 4.4 Android function as given (the seed), bugs included (F1-F4).</summary>
public sealed class Seed : Variant
{
    public override string Name => "seed";
    public override string Description => "ext4_bio_write_page as in the Linux 4.4 Android tree with ICE, bugs included";
}
