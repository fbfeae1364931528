using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.buffer_head;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// ext4_writepage, ext4's -&gt;writepage: the single-page writer its two callers use, the jbd2
/// data=ordered commit (write_cache_pages, WriteCachePages.cs) and memory reclaim (pageout,
/// Vmscan.cs). Linux 4.4.178 (MichaelTong/linux-4.4.178 @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c,
/// fs/ext4/inode.c L1876-1949); the markers <c>// Lnnnn</c> are lines of that file. 6.1.141
/// (markbirss/linux-6.1.141 @ 594c96ad0a7adaaecd4fb5111410e00014dea0cc, fs/ext4/inode.c L2023-2113)
/// has the same statements, plus a forced-shutdown check (L2035-2039) and a page without buffers
/// (L2050-2056), neither modelled; its ext4_aops still name it as .writepage (L3673, L3691, L3708).
/// 6.18.2 (gfunkmonk/linux-6.18.2 @ 062668f4d006cf5f04ae3039b73ef7ecb4b62f49) has no ext4_writepage:
/// its address_space_operations carry only .writepages (fs/ext4/inode.c L3979, L3995, L4011).
/// </summary>
public sealed partial class Linux
{
    /// <summary>current-&gt;flags of the task this CPU runs (kswapd sets PF_MEMALLOC, <see cref="task_flags"/>).</summary>
    public task_flags current_flags { get; set; }

    /// <summary>
    /// ext4_writepage: the page is locked and its caller cleared its dirty bit. Buffers below len
    /// that are delayed or unwritten cannot be written here (no block allocation, no extent
    /// conversion): the page is redirtied and, under PF_MEMALLOC (reclaim) or with one buffer per
    /// page, given up; otherwise the mapped buffers are written with keep_towrite so a running
    /// data-integrity pass still finds the page. The page is written with its own io and io_end,
    /// submitted and dropped before returning.
    /// </summary>
    public async ValueTask<int> ext4_writepage(inode inode, page page, writeback_control wbc)
    {
        if (!Variant.HasExt4Writepage)
            throw new InvalidOperationException($"{Variant.Name} has no ext4_writepage (6.18.2 fs/ext4/inode.c L3979: only .writepages)");
        var ret = 0;                                                             // L1879
        var keep_towrite = false;                                                // L1885
        Trace(new Call.ext4_writepage(page.Id, wbc.for_reclaim));                // L1887 trace_ext4_writepage
        var len = PageSetup.LenFor(page, inode.i_size);                          // L1888-1892
        var page_bufs = page.Buffers;                                            // L1894
        if (page_bufs.Any(bh => bh_offset(bh) < len && ext4_bh_delay_or_unwritten(bh))) // L1912-1913 ext4_walk_page_buffers(0, len)
        {
            redirty_page_for_writepage(wbc, page);                               // L1914
            if ((current_flags & task_flags.PF_MEMALLOC) != 0 ||
                inode.BlockSize == page.Size)                                    // L1915-1916
            {
                // L1922-1923: WARN_ON_ONCE for direct reclaim (PF_MEMALLOC without PF_KSWAPD); the
                // model's only PF_MEMALLOC task is kswapd.
                await unlock_page(page);                                         // L1924
                return 0;                                                        // L1925
            }
            keep_towrite = true;                                                 // L1927
        }
        // L1930-1935: PageChecked with data=journal goes to __ext4_journalled_writepage (not modelled: data=ordered only).
        var io = ext4_io_submit_init(wbc);                                       // L1937
        io.io_end = ext4_init_io_end(inode);                                     // L1938 (GFP_NOFS; the model's io_end allocation
                                                                                 //  does not fail, so L1939-1943, redirty + unlock + -ENOMEM, is not reached)
        Trace(new Call.ext4_init_io_end(io.io_end.Id, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL));
        ret = await WritePage(io, page, len, wbc, keep_towrite);                 // L1944
        await ext4_io_submit(io);                                                // L1945
        await ext4_put_io_end_defer(io.io_end);                                  // L1947
        Trace(new Call.ext4_writepage_return(page.Id, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL, ret));
        return ret;                                                              // L1948
    }

    /// <summary>ext4_bh_delay_or_unwritten (4.4.178 fs/ext4/inode.c L1554, the walk's callback): the buffer needs block allocation or extent conversion.</summary>
    private static bool ext4_bh_delay_or_unwritten(buffer_head bh) => buffer_delay(bh) || buffer_unwritten(bh);
}
