using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// Buffer-head state changes (include/linux/buffer_head.h BUFFER_FNS, fs/buffer.c). Changes of
/// BH_Async_Write are what ext4_finish_bio on another CPU reads, so each is a point where that CPU
/// may run, unless this CPU holds the page's BH_Uptodate_Lock (nobody can observe it then).
/// </summary>
public sealed partial class Linux
{
    public void clear_buffer_dirty(buffer_head bh)
    {
        // Snapshot before the change: the NoDirtyDataLost spec judges whether these flags allow it.
        Trace(new Call.clear_buffer_dirty(bh.b_page.Id, bh.Index, bh.b_blocknr, bh.Flags, buffer_head.bh_offset(bh), bh.b_page.Content[bh.Index]));
        bh.BH_Dirty = false;
    }

    /// <summary>
    /// mark_buffer_dirty (fs/buffer.c): a write(2) dirtied the buffer; if it was clean, its page is
    /// dirtied too (__set_page_dirty: PG_dirty and the DIRTY tag, never TOWRITE).
    /// </summary>
    public void mark_buffer_dirty(buffer_head bh)
    {
        var wasDirty = bh.BH_Dirty;
        bh.BH_Dirty = true;
        if (!wasDirty)
        {
            __set_page_dirty_nobuffers(bh.b_page);
        }
        Trace(new Call.mark_buffer_dirty(bh.b_page.Id, bh.Index, bh.b_blocknr, bh.b_page.Content[bh.Index]));
    }

    public void set_buffer_uptodate(buffer_head bh)
    {
        bh.BH_Uptodate = true;
        Trace(new Call.set_buffer_uptodate(bh.b_page.Id, bh.Index, bh.b_blocknr));
    }

    public void set_buffer_dirty(buffer_head bh)
    {
        bh.BH_Dirty = true;
        Trace(new Call.set_buffer_dirty(bh.b_page.Id, bh.Index, bh.b_blocknr));
    }

    public void clear_buffer_new(buffer_head bh)
    {
        bh.BH_New = false;
        Trace(new Call.clear_buffer_new(bh.b_page.Id, bh.Index, bh.b_blocknr));
    }

    /// <summary>unmap_underlying_metadata (fs/buffer.c): drop any stale metadata alias of the block.</summary>
    public void unmap_underlying_metadata(buffer_head bh)
    {
        Trace(new Call.unmap_underlying_metadata(bh.b_page.Id, bh.Index, bh.b_blocknr));
    }

    public async ValueTask set_buffer_async_write(buffer_head bh)
    {
        bh.BH_Async_Write = true;
        Trace(new Call.set_buffer_async_write(bh.b_page.Id, bh.Index, bh.b_blocknr));
        await InterleaveUnlessLocked(bh, nameof(set_buffer_async_write));
    }

    public async ValueTask clear_buffer_async_write(buffer_head bh)
    {
        bh.BH_Async_Write = false;
        Trace(new Call.clear_buffer_async_write(bh.b_page.Id, bh.Index, bh.b_blocknr));
        await InterleaveUnlessLocked(bh, nameof(clear_buffer_async_write));
    }

    /// <summary>bit_spin_lock(BH_Uptodate_Lock, &amp;head-&gt;b_state). The holder never reaches a
    /// scheduling point before unlocking, so finding the bit set means a modelling error.</summary>
    public static void bit_spin_lock_BH_Uptodate_Lock(buffer_head head)
    {
        KernelBug.BUG_ON(head.BH_Uptodate_Lock, $"BH_Uptodate_Lock of {head.b_page} already held");
        head.BH_Uptodate_Lock = true;
    }

    public static void bit_spin_unlock_BH_Uptodate_Lock(buffer_head head)
    {
        head.BH_Uptodate_Lock = false;
    }

    /// <summary>
    /// Only the lock holder can run while the bit is set (it never yields inside), so a held lock
    /// means this CPU holds it and no other CPU can observe the change.
    /// </summary>
    private async ValueTask InterleaveUnlessLocked(buffer_head bh, string where)
    {
        if (bh.b_page.Buffers[0].BH_Uptodate_Lock)
        {
            return;
        }
        await Cpu.InterleaveAsync(where);
    }
}
