namespace VerifiedWriteback.Kernel;

/// <summary>A snapshot of a buffer's state bits, in the order of the vwb case format.</summary>
[Flags]
public enum BufferFlags
{
    None = 0,
    dirty = 1 << 0,
    mapped = 1 << 1,
    uptodate = 1 << 2,
    @new = 1 << 3,
    delay = 1 << 4,
    unwritten = 1 << 5,
    async_write = 1 << 6,
}

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

    /// <summary>The state bits now.</summary>
    public BufferFlags Flags =>
        (BH_Dirty ? BufferFlags.dirty : 0) | (BH_Mapped ? BufferFlags.mapped : 0) | (BH_Uptodate ? BufferFlags.uptodate : 0) |
        (BH_New ? BufferFlags.@new : 0) | (BH_Delay ? BufferFlags.delay : 0) | (BH_Unwritten ? BufferFlags.unwritten : 0) |
        (BH_Async_Write ? BufferFlags.async_write : 0);

    /// <summary>The flag names in the order of the vwb case format.</summary>
    public IReadOnlyList<string> FlagNames() => Names(Flags);

    /// <summary>The names of <paramref name="flags"/>, in the order of the vwb case format.</summary>
    public static IReadOnlyList<string> Names(BufferFlags flags)
    {
        var names = new List<string>(7);
        foreach (var flag in AllFlags)
        {
            if ((flags & flag) != 0)
            {
                names.Add(flag.ToString());
            }
        }
        return names;
    }

    private static readonly BufferFlags[] AllFlags =
        [BufferFlags.dirty, BufferFlags.mapped, BufferFlags.uptodate, BufferFlags.@new, BufferFlags.delay, BufferFlags.unwritten, BufferFlags.async_write];

    public override string ToString() => $"{b_page}.bh{Index}[{string.Join(',', FlagNames())}]@{b_blocknr}";
}
