using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.buffer_head;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// The other caller of the submission function in 4.4: the jbd2 data=ordered commit writes an
/// inode's data through generic_writepages (fs/jbd2/commit.c journal_submit_inode_data_buffers,
/// WB_SYNC_ALL), that is write_cache_pages (mm/page-writeback.c) with ext4's -&gt;writepage,
/// ext4_writepage (fs/ext4/inode.c; Inode.Writepage.cs). It is the only path that passes keep_towrite = true
/// (4.4.178 inode.c L1927); ext4_writepages never does (L1977). Lines are Linux 4.4.178
/// (MichaelTong/linux-4.4.178 @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c).
/// </summary>
public sealed partial class Linux
{
    /// <summary>
    /// write_cache_pages (mm/page-writeback.c L2148-2308): tag and look up TOWRITE for a data-integrity
    /// pass, else DIRTY (L2181-2192); lock (L2218); skip clean pages (L2234-2237); under writeback:
    /// skip for WB_SYNC_NONE, wait for WB_SYNC_ALL (L2239-2244); clear_page_dirty_for_io, skip if it
    /// was already clean (L2247-2248); -&gt;writepage (L2251); an error stops a WB_SYNC_NONE pass
    /// (L2268-2272), a WB_SYNC_ALL pass goes on and returns the first error (L2274-2275).
    /// </summary>
    public async ValueTask<int> write_cache_pages(inode inode, IReadOnlyList<page> pages, writeback_control wbc)
    {
        var syncAll = wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL;
        var tagged = syncAll || wbc.tagged_writepages;
        if (tagged)
            tag_pages_for_writeback(pages);                                      // L2186-2187
        var ret = 0;
        foreach (var page in pages.Where(p => tagged ? p.TagTowrite : p.TagDirty).ToArray()) // L2192
        {
            await lock_page(page);                                               // L2218
            if (!page.PG_dirty)                                                  // L2234
            {
                await unlock_page(page);
                continue;
            }
            if (page.PG_writeback)                                               // L2239
            {
                if (!syncAll)
                {
                    await unlock_page(page);
                    continue;
                }
                await wait_on_page_writeback(page);                              // L2241
            }
            if (!clear_page_dirty_for_io(page))                                  // L2247
            {
                await unlock_page(page);
                continue;
            }
            var error = await ext4_writepage(inode, page, wbc);                  // L2251
            if (error != 0)
            {
                if (!syncAll)
                    return error;                                                // L2268-2272
                if (ret == 0)
                    ret = error;                                                 // L2274-2275
            }
        }
        return ret;
    }
}
