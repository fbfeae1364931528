using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Setup;

/// <summary>The state of one buffer before writeback: its flags and its block.</summary>
public sealed record BufferState(bool Dirty, bool Mapped, bool Uptodate, bool New, bool Delay, bool Unwritten, long Block)
{
    public static readonly IReadOnlyList<string> FlagOrder = ["dirty", "mapped", "uptodate", "new", "delay", "unwritten"];

    /// <summary>A buffer with the named state bits (async_write is not a state a page is handed over with).</summary>
    public static BufferState Of(BufferFlags flags, long block = 0) =>
        new((flags & BufferFlags.dirty) != 0, (flags & BufferFlags.mapped) != 0, (flags & BufferFlags.uptodate) != 0,
            (flags & BufferFlags.@new) != 0, (flags & BufferFlags.delay) != 0, (flags & BufferFlags.unwritten) != 0, block);

    public static BufferState FromFlags(IEnumerable<string> flags, long block)
    {
        var set = flags.ToHashSet(StringComparer.Ordinal);
        return new BufferState(set.Contains("dirty"), set.Contains("mapped"), set.Contains("uptodate"),
            set.Contains("new"), set.Contains("delay"), set.Contains("unwritten"), block);
    }

    public IReadOnlyList<string> Flags()
    {
        var bits = new[] { Dirty, Mapped, Uptodate, New, Delay, Unwritten };
        return FlagOrder.Where((_, i) => bits[i]).ToArray();
    }
}

/// <summary>
/// Builds inodes and pages the way ext4 hands them to writeback: a locked page whose dirty bit was
/// just cleared by clear_page_dirty_for_io, its buffers in a ring, each dirty buffer holding data
/// version 1 not yet on disk, each clean one version 0 (what the disk has).
/// </summary>
public static class PageSetup
{
    public static inode NewInode(long ino, int blockSize, long iSize, bool regular, EncryptionMode encryption)
    {
        var inode = new inode
        {
            i_ino = ino,
            i_blkbits = System.Numerics.BitOperations.Log2((uint)blockSize),
            i_size = iSize,
            S_ISREG = regular,
            Encryption = encryption,
        };
        inode.i_mapping = new address_space { host = inode };
        return inode;
    }

    public static page NewPage(inode inode, int id, long index, int pageSize, IReadOnlyList<BufferState> buffers)
    {
        var blockSize = inode.BlockSize;
        if (buffers.Count * blockSize != pageSize)
        {
            throw new ArgumentException($"a {pageSize}-byte page of {blockSize}-byte blocks has {pageSize / blockSize} buffers, not {buffers.Count}");
        }
        var page = new page { Id = id, index = index, mapping = inode.i_mapping, Size = pageSize, ZeroedFrom = pageSize };
        var heads = new buffer_head[buffers.Count];
        for (var i = 0; i < buffers.Count; i++)
        {
            var s = buffers[i];
            heads[i] = new buffer_head
            {
                Index = i, b_page = page, b_size = blockSize, b_blocknr = s.Block,
                BH_Dirty = s.Dirty, BH_Mapped = s.Mapped, BH_Uptodate = s.Uptodate,
                BH_New = s.New, BH_Delay = s.Delay, BH_Unwritten = s.Unwritten,
            };
        }
        for (var i = 0; i < heads.Length; i++)
        {
            heads[i].b_this_page = heads[(i + 1) % heads.Length];
        }
        page.Buffers = heads;
        page.Content = buffers.Select(b => b.Dirty ? 1 : 0).ToArray();
        page.PG_dirty = buffers.Any(b => b.Dirty);
        page.TagDirty = page.PG_dirty;                                       // set_page_dirty tags the slot with the flag
        return page;
    }

    /// <summary>len as mpage_submit_page computes it: the page's part below i_size.</summary>
    public static int LenFor(page page, long iSize)
    {
        var start = page.index * page.Size;
        return (int)Math.Clamp(iSize - start, 0, page.Size);
    }
}
