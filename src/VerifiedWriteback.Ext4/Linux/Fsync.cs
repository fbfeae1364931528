using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// fsync's data part: ext4_sync_file (fs/ext4/fsync.c) calling filemap_write_and_wait_range
/// (mm/filemap.c). Lines are Linux 4.4.178 (MichaelTong/linux-4.4.178 @
/// 443dfc7e93666adc78c5a9e9afcc242d83456e4c); where a later version reports errors differently the
/// variant says so (<see cref="Variants.Variant.FdatawaitReportsPageError"/>). The journal commit that
/// follows (fsync.c L132-146) writes no data pages of a data=ordered file and is not modelled.
/// </summary>
public sealed partial class Linux
{
    /// <summary>
    /// filemap_write_and_wait_range (mm/filemap.c L529-548) as ext4_sync_file calls it (fsync.c
    /// L115-117, its error returned at once): a WB_SYNC_ALL ext4_writepages whose return is fsync's
    /// error (L535-536, L541-542); unless that was -EIO, filemap_fdatawait_range (L538-540): wait on
    /// every page tagged WRITEBACK and turn PG_error into -EIO (L397-412), then filemap_check_errors
    /// (L304-315): AS_ENOSPC gives -ENOSPC, AS_EIO -EIO, both bits cleared.
    /// </summary>
    public async ValueTask<int> filemap_write_and_wait_range(inode inode, IReadOnlyList<page> pages)
    {
        var wbc = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL };
        var err = await ext4_writepages(inode, pages, wbc, unwritten: false);    // L535-536
        if (err != -Errno.EIO)                                                   // L538
        {
            var err2 = await filemap_fdatawait_range(inode, pages);              // L539-540
            if (err == 0)
                err = err2;                                                      // L541-542
        }
        return err;
    }

    /// <summary>filemap_fdatawait_range (mm/filemap.c L435-446): __filemap_fdatawait_range then filemap_check_errors.</summary>
    public async ValueTask<int> filemap_fdatawait_range(inode inode, IReadOnlyList<page> pages)
    {
        var ret = 0;
        foreach (var page in pages.Where(p => p.TagWriteback).ToArray())        // L397-400: pagevec_lookup_tag(WRITEBACK)
        {
            await wait_on_page_writeback(page);                                  // L410
            if (Variant.FdatawaitReportsPageError && page.PG_error)              // L411-412: TestClearPageError
            {
                page.PG_error = false;
                Trace(new Call.TestClearPageError(page.Id));
                ret = -Errno.EIO;
            }
        }
        var ret2 = filemap_check_errors(inode.i_mapping);                        // L441
        return ret != 0 ? ret : ret2;                                            // L442-443
    }

    /// <summary>
    /// filemap_check_errors (mm/filemap.c L304-315): test-and-clear AS_ENOSPC (-ENOSPC), then AS_EIO
    /// (-EIO, which wins). In 6.1.141 and 6.18.2 fsync reports through errseq_t instead
    /// (file_check_and_advance_wb_err, 6.1.141 mm/filemap.c L724-749), which also clears both bits;
    /// for the one fsync of a scenario the two report the same error.
    /// </summary>
    public static int filemap_check_errors(address_space mapping)
    {
        var ret = 0;
        if (mapping.AS_ENOSPC)
        {
            mapping.AS_ENOSPC = false;
            ret = -Errno.ENOSPC;
        }
        if (mapping.AS_EIO)
        {
            mapping.AS_EIO = false;
            ret = -Errno.EIO;
        }
        return ret;
    }
}
