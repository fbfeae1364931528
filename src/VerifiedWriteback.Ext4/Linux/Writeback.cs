using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// One writeback pass over an inode's pages, the caller of ext4_bio_write_page: write_cache_pages
/// (mm/page-writeback.c) with ext4_writepages' io submission (fs/ext4/inode.c, mpage_submit_page),
/// reduced to what the submission path needs. Mapping of delayed blocks is not modelled: buffers
/// arrive as the scenario prepared them.
/// </summary>
public sealed partial class Linux
{
    public async ValueTask ext4_writepages(inode inode, IReadOnlyList<page> pages, writeback_control wbc, bool keep_towrite, bool unwritten)
    {
        var io = ext4_io_submit_init(wbc);                                       // ext4_io_submit_init
        io.io_end = ext4_init_io_end(inode);                                     // one reference for the pass
        if (unwritten)
        {
            // mpage_map_one_extent: the extent is unwritten, so the io_end converts it on completion.
            io.io_end.EXT4_IO_END_UNWRITTEN = true;
            io.io_end.size = pages.Count * (long)(pages.Count > 0 ? pages[0].Size : 0);
        }
        Trace(new Call.ext4_writepages(io.io_end.Id, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL, unwritten));
        foreach (var page in pages)
        {
            if (wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL && !page.TagTowrite && !page.PG_dirty)
            {
                continue;                                                        // not tagged for this sync pass
            }
            await lock_page(page);
            if (page.PG_writeback)
            {
                if (wbc.sync_mode == writeback_sync_modes.WB_SYNC_NONE || Variant.Breaks.SyncPassSkipsPagesUnderWriteback)
                {
                    await unlock_page(page);                                     // background pass skips it
                    continue;
                }
                await wait_on_page_writeback(page);                      // data integrity: wait for the earlier write
            }
            if (!clear_page_dirty_for_io(page))
            {
                page.TagTowrite = false;
                await unlock_page(page);
                continue;
            }
            var len = PageSetup.LenFor(page, inode.i_size);
            await ext4_bio_write_page(io, page, len, wbc, keep_towrite);
        }
        await ext4_io_submit(io);                                                // submit the prepared bio
        await ext4_put_io_end_defer(io.io_end);                                  // drop the pass's reference
        Trace(new Call.ext4_writepages_return(io.io_end.Id));
    }
}
