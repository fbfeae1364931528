using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// Maps a page's delayed buffers to blocks before the page is submitted: the part of
/// mpage_map_and_submit_extent (fs/ext4/inode.c, 4.4.178 L2261-) that calls ext4_map_blocks for the
/// extent mpage_prepare_extent_to_map collected. A pass without a mapper is a pass with can_map = 0
/// (the jbd2 data=ordered commit's shape): delayed buffers are left to ext4_bio_write_page, which
/// skips them.
/// </summary>
public interface IDelayedBlockMapper
{
    void MapDelayedBuffers(page page);
}

/// <summary>
/// The writeback pass that calls the submission function: ext4_writepages (fs/ext4/inode.c) with
/// mpage_prepare_extent_to_map and mpage_submit_page, as in Linux 4.4.178 (MichaelTong/linux-4.4.178
/// @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c). One implementation, used by the actors (flusher,
/// fsync), the model-based properties and anything else that writes pages back.
/// Reductions, each stated: one io_end for the whole pass (4.4 takes one per extent, L2584); the
/// pages of the pass are the inode's (range_whole); pages are prepared and submitted one at a time
/// (4.4 collects an extent of pages with delayed buffers and maps it first, L2614-2628).
/// </summary>
public sealed partial class Linux
{
    public async ValueTask<int> ext4_writepages(inode inode, IReadOnlyList<page> pages, writeback_control wbc, bool unwritten, IDelayedBlockMapper? mapper = null)
    {
        var syncAll = wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL;
        var io = ext4_io_submit_init(wbc);                                       // ext4_io_submit_init (L2576)
        io.io_end = ext4_init_io_end(inode);                                     // one reference for the pass
        if (unwritten)
        {
            // mpage_map_one_extent: the extent is unwritten, so the io_end converts it on completion.
            io.io_end.EXT4_IO_END_UNWRITTEN = true;
            io.io_end.size = pages.Count * (long)(pages.Count > 0 ? pages[0].Size : 0);
        }
        Trace(new Call.ext4_writepages(io.io_end.Id, syncAll, unwritten));
        var ret = 0;
        // L2507-2508: nothing tagged DIRTY in the mapping, nothing to do.
        if (pages.Any(p => p.TagDirty))
        {
            if (syncAll || wbc.tagged_writepages)                                // L2578
                tag_pages_for_writeback(pages);                                  // L2579
            await ext4_journal_start_with_reserve(io.io_end);                    // L2601-2602: may sleep
            ret = await mpage_prepare_extent_to_map(inode, pages, io, wbc, mapper); // L2614
        }
        await ext4_io_submit(io);                                                // L2644 submit the prepared bio
        await ext4_put_io_end_defer(io.io_end);                                  // L2655 drop the pass's reference
        Trace(new Call.ext4_writepages_return(io.io_end.Id, syncAll, ret));
        return ret;                                                              // L2671-2672, L2693: the first error
    }

    /// <summary>
    /// mpage_prepare_extent_to_map (4.4.178 inode.c L2378-2473) with mpage_submit_page (L1951-1983):
    /// look pages up by TOWRITE for a data-integrity pass, else by DIRTY (L2392-2395), as one
    /// snapshot (pagevec_lookup_tag, L2401); lock each (L2434); skip it, unlocking only, if it is
    /// clean or under writeback in a WB_SYNC_NONE pass (L2442-2448); otherwise wait for its
    /// writeback (L2450), map its delayed buffers, clear its dirty flag for I/O (L1958), sample
    /// i_size (L1972-1976) and submit it with keep_towrite false (L1977). The first error stops the
    /// pass (ext4_writepages L2671-2672); pages not yet visited stay as they are.
    /// </summary>
    private async ValueTask<int> mpage_prepare_extent_to_map(inode inode, IReadOnlyList<page> pages, ext4_io_submit io, writeback_control wbc, IDelayedBlockMapper? mapper)
    {
        var syncAll = wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL;
        var found = pages.Where(p => syncAll || wbc.tagged_writepages ? p.TagTowrite : p.TagDirty).ToArray(); // L2401
        foreach (var page in found)
        {
            if (Variant.Breaks.PassClearsDirtyBeforeLock)
                clear_page_dirty_for_io(page);                                   // test-only: L1958 before L2434
            await lock_page(page);                                               // L2434
            if (!page.PG_dirty || (page.PG_writeback && (!syncAll || Variant.Breaks.SyncPassSkipsPagesUnderWriteback))) // L2442-2444
            {
                await unlock_page(page);                                         // L2446-2447: tags untouched
                continue;
            }
            await wait_on_page_writeback(page);                                  // L2450
            mapper?.MapDelayedBuffers(page);                                     // mpage_map_and_submit_extent
            clear_page_dirty_for_io(page);                                       // L1958
            var len = PageSetup.LenFor(page, inode.i_size);                      // L1972-1976
            var err = await WritePage(io, page, len, wbc, keep_towrite: false);  // L1977
            if (Variant.CallerUnlocksPage)
                await unlock_page(page);                                         // 6.18.2 inode.c L2047-2051 (mpage_folio_done) or the error path's release
            if (err != 0)
                return err;
        }
        return 0;
    }

    /// <summary>
    /// The journal handle ext4_writepages starts between tagging and lookup (4.4.178 inode.c
    /// L2601-2602): jbd2 may sleep there for a transaction, so other CPUs run.
    /// </summary>
    public async ValueTask ext4_journal_start_with_reserve(ext4_io_end io_end)
    {
        Trace(new Call.ext4_journal_start_with_reserve(io_end.Id));
        await Cpu.InterleaveAsync(nameof(ext4_journal_start_with_reserve));
    }

    /// <summary>The variant's submission function: the seed's ext4_bio_write_page (with its overrides), or another version's own.</summary>
    public ValueTask<int> WritePage(ext4_io_submit io, page page, int len, writeback_control wbc, bool keep_towrite) => Variant.Function switch
    {
        Variants.SubmissionFunction.Linux61 => ext4_bio_write_page_linux61(io, page, len, wbc, keep_towrite),
        Variants.SubmissionFunction.Mainline => ext4_bio_write_folio(io, page, len, wbc),
        _ => ext4_bio_write_page(io, page, len, wbc, keep_towrite),
    };
}
