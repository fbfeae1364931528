namespace VerifiedWriteback.Kernel;

/// <summary>
/// struct buffer_head (include/linux/buffer_head.h): one block of a page. Only the state bits the
/// writeback path touches are modelled, plus the BH_Uptodate_Lock bit spinlock of the first buffer.
/// </summary>
public sealed class buffer_head
{
    /// <summary>Position in the page, 0-based; bh_offset(bh) == Index * b_size.</summary>
    public required int Index { get; init; }
    public required page b_page { get; init; }
    public required int b_size { get; init; }
    public long b_blocknr { get; set; }
    public buffer_head b_this_page { get; set; } = null!;

    public bool BH_Uptodate { get; set; }
    public bool BH_Dirty { get; set; }
    public bool BH_Mapped { get; set; }
    public bool BH_New { get; set; }
    public bool BH_Delay { get; set; }
    public bool BH_Unwritten { get; set; }
    public bool BH_Async_Write { get; set; }
    public bool BH_Uptodate_Lock { get; set; }

    public static int bh_offset(buffer_head bh) => bh.Index * bh.b_size;

    public static bool buffer_dirty(buffer_head bh) => bh.BH_Dirty;
    public static bool buffer_delay(buffer_head bh) => bh.BH_Delay;
    public static bool buffer_mapped(buffer_head bh) => bh.BH_Mapped;
    public static bool buffer_unwritten(buffer_head bh) => bh.BH_Unwritten;
    public static bool buffer_new(buffer_head bh) => bh.BH_New;
    public static bool buffer_async_write(buffer_head bh) => bh.BH_Async_Write;

    /// <summary>The flag names in the order of the vwb case format.</summary>
    public IReadOnlyList<string> FlagNames()
    {
        var names = new List<string>(7);
        if (BH_Dirty) names.Add("dirty");
        if (BH_Mapped) names.Add("mapped");
        if (BH_Uptodate) names.Add("uptodate");
        if (BH_New) names.Add("new");
        if (BH_Delay) names.Add("delay");
        if (BH_Unwritten) names.Add("unwritten");
        if (BH_Async_Write) names.Add("async_write");
        return names;
    }

    public override string ToString() => $"{b_page}.bh{Index}[{string.Join(',', FlagNames())}]@{b_blocknr}";
}
