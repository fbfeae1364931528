using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.buffer_head;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// ext4_bio_write_folio of Linux 6.18.2 (gfunkmonk/linux-6.18.2 @
/// 062668f4d006cf5f04ae3039b73ef7ecb4b62f49, fs/ext4/page-io.c L457-593), one C# statement per C
/// statement; "L" numbers are that file's lines. The folio is the model's page (one page per
/// folio). What changed since 6.1, as the source has it: keep_towrite is decided here (L467,
/// L511-516) instead of by the caller; a skipped buffer no longer submits the open bio; nothing to
/// submit returns 0 without starting writeback (L527-528); the encryption runs BEFORE writeback
/// starts (L539-581, __folio_start_writeback at L583), so its failure path redirties and returns
/// without having touched PG_writeback or the DIRTY/TOWRITE tags; the caller unlocks the folio
/// (mpage_folio_done, fs/ext4/inode.c L2047-2051). The encryption is fscrypt_encrypt_pagecache_blocks,
/// modelled by the same crypto function as 4.4's ext4_encrypt.
/// </summary>
public sealed partial class Linux
{
    public async ValueTask<int> ext4_bio_write_folio(ext4_io_submit io, page folio, int len, writeback_control wbc)
    {
        var io_folio = folio;                                                    // L460
        var inode = folio.mapping!.host;                                         // L461
        int block_start;                                                         // L462
        buffer_head bh, head;                                                    // L463
        var ret = 0;                                                             // L464
        var nr_to_submit = 0;                                                    // L465
        var keep_towrite = false;                                                // L467
        Trace(new Call.ext4_bio_write_page(folio.Id, len, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL, keep_towrite, folio.TagTowrite,
            folio.Size, inode.S_ISREG ? inode.Encryption : EncryptionMode.None, folio.PG_locked, folio.PG_writeback, 1 << inode.i_blkbits) { CallerUnlocks = true, UnpreparedSubmitsOpenBio = false });

        KernelBug.BUG_ON(!folio.PG_locked, $"{folio} not locked");               // L469
        KernelBug.BUG_ON(folio.PG_writeback, $"{folio} already under writeback"); // L470

        if (len < folio.Size)                                                    // L481
            zero_user_segment(folio, len, folio.Size);                           // L482
        bh = head = folio.Buffers[0];                                            // L490
        do                                                                       // L491
        {
            block_start = bh_offset(bh);                                         // L492
            if (block_start >= len)                                              // L493
            {
                clear_buffer_dirty(bh);                                          // L494
                set_buffer_uptodate(bh);                                         // L495
                continue;                                                        // L496
            }
            if (!buffer_dirty(bh) || buffer_delay(bh) ||                         // L498
                !buffer_mapped(bh) || buffer_unwritten(bh))                      // L499
            {
                if (!buffer_mapped(bh))                                          // L501
                    clear_buffer_dirty(bh);                                      // L502
                if (buffer_dirty(bh))                                            // L511 (buffer_jbddirty not modelled)
                {
                    if (!folio.PG_dirty)                                         // L513
                        redirty_page_for_writepage(wbc, folio);                  // L514 folio_redirty_for_writepage
                    keep_towrite = true;                                         // L515
                }
                continue;                                                        // L517
            }
            if (buffer_new(bh))                                                  // L519
                clear_buffer_new(bh);                                            // L520
            await set_buffer_async_write(bh);                                    // L521
            clear_buffer_dirty(bh);                                              // L522
            nr_to_submit++;                                                      // L523
        } while ((bh = bh.b_this_page) != head);                                 // L524

        if (nr_to_submit == 0)                                                   // L527
            return Return(folio, 0, 0);                                          // L528

        bh = head = folio.Buffers[0];                                            // L530

        if (ext4_encrypted_inode(inode) && !ext4_using_hardware_encryption(inode)) // L539 fs-layer crypto
        {
            var gfp_flags = gfp_t.GFP_NOFS;                                      // L540
            page? bounce_page;                                                   // L542
            if (io.io_bio is not null)                                           // L549
                gfp_flags = gfp_t.GFP_NOWAIT;                                    // L550
        retry_encrypt:                                                           // L551
            bounce_page = await ext4_encrypt(inode, folio, gfp_flags);           // L552-553 fscrypt_encrypt_pagecache_blocks
            if (page.IS_ERR(bounce_page))                                        // L554
            {
                ret = page.PTR_ERR(bounce_page!);                                // L555
                if (ret == -Errno.ENOMEM &&                                      // L556
                    (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL)) // L557
                {
                    var new_gfp_flags = gfp_t.GFP_NOFS;                          // L558
                    if (io.io_bio is not null)                                   // L559
                        await ext4_io_submit(io);                                // L560
                    else                                                         // L561
                        new_gfp_flags |= gfp_t.__GFP_NOFAIL;                     // L562
                    await memalloc_retry_wait();                                 // L563
                    gfp_flags = new_gfp_flags;                                   // L564
                    goto retry_encrypt;                                          // L565
                }
                Trace(new Call.printk_ratelimited(folio.Id, ret));               // L568
                redirty_page_for_writepage(wbc, folio);                          // L569 folio_redirty_for_writepage
                do                                                               // L570
                {
                    if (buffer_async_write(bh))                                  // L571
                    {
                        await clear_buffer_async_write(bh);                      // L572
                        set_buffer_dirty(bh);                                    // L573
                    }
                    bh = bh.b_this_page;                                         // L575
                } while (bh != head);                                            // L576
                return Return(folio, ret, 0);                                    // L578
            }
            io_folio = bounce_page!;                                             // L580
        }

        if (keep_towrite)                                                        // L583 __folio_start_writeback(folio, keep_towrite)
            await set_page_writeback_keepwrite(folio);
        else
            await set_page_writeback(folio);

        var nr_submitted = 0;
        do                                                                       // L586
        {
            if (!buffer_async_write(bh))                                         // L587
                continue;                                                        // L588
            await io_submit_add_bh(io, inode, io_folio, bh);                     // L589 (void: cannot fail)
            nr_submitted++;
        } while ((bh = bh.b_this_page) != head);                                 // L590

        return Return(folio, 0, nr_submitted);                                   // L592
    }
}
