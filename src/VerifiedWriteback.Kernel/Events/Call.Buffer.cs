namespace VerifiedWriteback.Kernel;

/// <summary>Buffer-head state changes (include/linux/buffer_head.h, fs/buffer.c).</summary>
public static partial class Call
{
    /// <summary>
    /// clear_buffer_dirty, with the buffer's flags before the change, its offset in the page and the
    /// data version it holds: what a spec needs to judge whether the data may be cleaned.
    /// </summary>
    public sealed record clear_buffer_dirty(int Page, int Bh, long Block, BufferFlags Before, int Offset, int Version)
        : BufferEvent(Page, Bh, Block);

    /// <summary>mark_buffer_dirty: a write(2) made the buffer (and so its page) dirty again.</summary>
    public sealed record mark_buffer_dirty(int Page, int Bh, long Block, int Version) : BufferEvent(Page, Bh, Block);

    public sealed record set_buffer_uptodate(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    /// <summary>set_buffer_dirty: the failure path of 6.1 and later gives a marked buffer its dirty bit back.</summary>
    public sealed record set_buffer_dirty(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    public sealed record clear_buffer_new(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    public sealed record unmap_underlying_metadata(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    public sealed record set_buffer_async_write(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    public sealed record clear_buffer_async_write(int Page, int Bh, long Block) : BufferEvent(Page, Bh, Block);

    /// <summary>buffer_io_error in ext4_finish_bio: the buffer's write failed with <paramref name="Error"/>.</summary>
    public sealed record buffer_io_error(int Page, int Bh, long Block, int Error) : BufferEvent(Page, Bh, Block);
}
