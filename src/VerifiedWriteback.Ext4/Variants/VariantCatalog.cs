namespace VerifiedWriteback.Ext4.Variants;

/// <summary>Every variant by name, in a fixed order.</summary>
public static class VariantCatalog
{
    public static IReadOnlyList<Variant> All { get; } =
    [
        new Seed(), new Upstream(), new H1SubmitAsYouMark(), new H2WritebackLeftSet(),
        new H3DirtyDropped(), new H4NoUptodateLock(), new H5PlaintextToDisk(),
    ];

    public static Variant? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public static string Names => string.Join(", ", All.Select(v => v.Name));
}
