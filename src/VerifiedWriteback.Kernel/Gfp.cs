namespace VerifiedWriteback.Kernel;

/// <summary>
/// Allocation flags of 4.4 (include/linux/gfp.h). Only the bits that change what an allocation
/// may do are modelled: whether it may sleep for reclaim, and whether it may fail at all.
/// </summary>
[Flags]
public enum gfp_t
{
    None = 0,
    __GFP_IO = 1 << 0,
    __GFP_FS = 1 << 1,
    __GFP_DIRECT_RECLAIM = 1 << 2,
    __GFP_KSWAPD_RECLAIM = 1 << 3,
    __GFP_NOWARN = 1 << 4,
    __GFP_NOFAIL = 1 << 5,

    GFP_NOWAIT = __GFP_KSWAPD_RECLAIM,
    GFP_NOIO = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM,
    GFP_NOFS = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM | __GFP_IO,
}

public static class Gfp
{
    /// <summary>gfpflags_allow_blocking(): the caller may sleep until memory is returned.</summary>
    public static bool gfpflags_allow_blocking(gfp_t gfp) => (gfp & gfp_t.__GFP_DIRECT_RECLAIM) != 0;

    public static bool Nofail(gfp_t gfp) => (gfp & gfp_t.__GFP_NOFAIL) != 0;

    public static string Name(gfp_t gfp)
    {
        var nofail = Nofail(gfp) ? "|__GFP_NOFAIL" : "";
        var basis = gfp & ~(gfp_t.__GFP_NOFAIL | gfp_t.__GFP_NOWARN);
        var name = basis switch
        {
            gfp_t.GFP_NOFS => "GFP_NOFS",
            gfp_t.GFP_NOIO => "GFP_NOIO",
            gfp_t.GFP_NOWAIT => "GFP_NOWAIT",
            _ => ((int)basis).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return name + nofail;
    }
}
