using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.buffer_head;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// ext4_bio_write_page of Linux 6.1.141 (markbirss/linux-6.1.141 @
/// 594c96ad0a7adaaecd4fb5111410e00014dea0cc, fs/ext4/page-io.c L433-569), one C# statement per C
/// statement; "L" numbers are that file's lines. Differences from the seed, as the source has them:
/// no unmap_underlying_metadata; a buffer's dirty bit is cleared when it is marked (L500-501) and
/// given back on failure (L544-550); a skipped buffer still dirty redirties the page (L492-493);
/// GFP_NOWAIT while a bio is open and the 547c556f4db7 retry (L523-539, memalloc_retry_wait);
/// io_submit_add_bh cannot fail (L559). The encryption is fscrypt_encrypt_pagecache_blocks
/// (fs/crypto/crypto.c L172-209), modelled by the same crypto function as 4.4's ext4_encrypt (a
/// bounce page from the mempool, one allocation that can fail with -ENOMEM).
/// </summary>
public sealed partial class Linux
{
    public async ValueTask<int> ext4_bio_write_page_linux61(ext4_io_submit io, page page, int len, writeback_control wbc, bool keep_towrite)
    {
        page? bounce_page = null;                                                // L438
        var inode = page.mapping!.host;                                          // L439
        int block_start;                                                         // L440
        buffer_head bh, head;                                                    // L441
        var ret = 0;                                                             // L442
        var nr_submitted = 0;                                                    // L443
        var nr_to_submit = 0;                                                    // L444
        Trace(new Call.ext4_bio_write_page(page.Id, len, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL, keep_towrite, page.TagTowrite,
            page.Size, inode.S_ISREG ? inode.Encryption : EncryptionMode.None, page.PG_locked, page.PG_writeback, 1 << inode.i_blkbits));

        KernelBug.BUG_ON(!page.PG_locked, $"{page} not locked");                 // L447
        KernelBug.BUG_ON(page.PG_writeback, $"{page} already under writeback");  // L448

        if (keep_towrite)                                                        // L450
            await set_page_writeback_keepwrite(page);                            // L451
        else                                                                     // L452
            await set_page_writeback(page);                                      // L453
        ClearPageError(page);                                                    // L454

        if (len < page.Size)                                                     // L465
            zero_user_segment(page, len, page.Size);                             // L466
        bh = head = page.Buffers[0];                                             // L474
        do                                                                       // L475
        {
            block_start = bh_offset(bh);                                         // L476
            if (block_start >= len)                                              // L477
            {
                clear_buffer_dirty(bh);                                          // L478
                set_buffer_uptodate(bh);                                         // L479
                continue;                                                        // L480
            }
            if (!buffer_dirty(bh) || buffer_delay(bh) ||                         // L482
                !buffer_mapped(bh) || buffer_unwritten(bh))                      // L483
            {
                if (!buffer_mapped(bh))                                          // L485
                    clear_buffer_dirty(bh);                                      // L486
                if (buffer_dirty(bh) && !page.PG_dirty)                          // L492
                    redirty_page_for_writepage(wbc, page);                       // L493
                if (io.io_bio is not null)                                       // L494
                    await ext4_io_submit(io);                                    // L495
                continue;                                                        // L496
            }
            if (buffer_new(bh))                                                  // L498
                clear_buffer_new(bh);                                            // L499
            await set_buffer_async_write(bh);                                    // L500
            clear_buffer_dirty(bh);                                              // L501
            nr_to_submit++;                                                      // L502
        } while ((bh = bh.b_this_page) != head);                                 // L503

        bh = head = page.Buffers[0];                                             // L505

        if (ext4_encrypted_inode(inode) && !ext4_using_hardware_encryption(inode) && nr_to_submit != 0) // L514 fs-layer crypto
        {
            var gfp_flags = gfp_t.GFP_NOFS;                                      // L515
            if (io.io_bio is not null)                                           // L523
                gfp_flags = gfp_t.GFP_NOWAIT | gfp_t.__GFP_NOWARN;               // L524
        retry_encrypt:                                                           // L525
            bounce_page = await ext4_encrypt(inode, page, gfp_flags);            // L526-527 fscrypt_encrypt_pagecache_blocks
            if (page.IS_ERR(bounce_page))                                        // L528
            {
                ret = page.PTR_ERR(bounce_page!);                                // L529
                if (ret == -Errno.ENOMEM &&                                      // L530
                    (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL)) // L531
                {
                    var new_gfp_flags = gfp_t.GFP_NOFS;                          // L532
                    if (io.io_bio is not null)                                   // L533
                        await ext4_io_submit(io);                                // L534
                    else                                                         // L535
                        new_gfp_flags |= gfp_t.__GFP_NOFAIL;                     // L536
                    await memalloc_retry_wait();                                 // L537
                    gfp_flags = new_gfp_flags;                                   // L538
                    goto retry_encrypt;                                          // L539
                }
                bounce_page = null;
                Trace(new Call.printk_ratelimited(page.Id, ret));                // L542
                redirty_page_for_writepage(wbc, page);                           // L543
                do                                                               // L544
                {
                    if (buffer_async_write(bh))                                  // L545
                    {
                        await clear_buffer_async_write(bh);                      // L546
                        set_buffer_dirty(bh);                                    // L547
                    }
                    bh = bh.b_this_page;                                         // L549
                } while (bh != head);                                            // L550
                goto unlock;                                                     // L551
            }
        }

        do                                                                       // L556
        {
            if (!buffer_async_write(bh))                                         // L557
                continue;                                                        // L558
            await io_submit_add_bh(io, inode, bounce_page ?? page, bh);          // L559 (void: cannot fail)
            nr_submitted++;                                                      // L560
        } while ((bh = bh.b_this_page) != head);                                 // L561

    unlock:                                                                      // L563
        await unlock_page(page);                                                 // L564
        if (nr_submitted == 0)                                                   // L566
            await end_page_writeback(page);                                      // L567
        return Return(page, ret, nr_submitted);                                  // L568
    }

    /// <summary>memalloc_retry_wait (include/linux/sched/mm.h, 6.1.141 L242-259): a short sleep before the retry; others run meanwhile.</summary>
    public async ValueTask memalloc_retry_wait()
    {
        Trace(new Call.memalloc_retry_wait());
        await Cpu.CongestionWaitAsync();
    }
}
