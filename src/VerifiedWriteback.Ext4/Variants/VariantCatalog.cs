namespace VerifiedWriteback.Ext4.Variants;

/// <summary>Every variant by name, in a fixed order.</summary>
public static class VariantCatalog
{
    public static IReadOnlyList<Variant> All { get; } =
    [
        new Seed(), new Fixed44(), new Linux61(), new Mainline(), new H1SubmitAsYouMark(), new H2WritebackLeftSet(),
        new H3DirtyDropped(), new H4NoUptodateLock(), new H5PlaintextToDisk(),
    ];

    /// <summary>"upstream" was the name of <see cref="Fixed44"/>; case files written with it keep working.</summary>
    public const string FormerFixed44Name = "upstream";

    public static Variant? Find(string name) =>
        All.FirstOrDefault(v => v.Name == name) ?? (name == FormerFixed44Name ? All.OfType<Fixed44>().Single() : null);

    public static string Names => string.Join(", ", All.Select(v => v.Name));
}
