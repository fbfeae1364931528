using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.buffer_head;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// ext4_bio_write_page, one C# statement per seed statement. "L" numbers are the seed's lines,
/// counted from `int ext4_bio_write_page(` as line 1 (docs/KERNEL-MODEL.md, "Seed line to C# line").
/// Where a variant differs, the line asks <see cref="Variant"/>; the seed's answer is the base class.
/// </summary>
public sealed partial class Linux
{
    public async ValueTask<int> ext4_bio_write_page(ext4_io_submit io, page page, int len, writeback_control wbc, bool keep_towrite)
    {
        page? data_page = null;                                                  // L7
        var inode = page.mapping!.host;                                          // L8
        int block_start, blocksize;                                              // L9
        buffer_head bh, head;                                                    // L10
        var ret = 0;                                                             // L11
        var nr_submitted = 0;                                                    // L12
        var nr_to_submit = 0;                                                    // L13

        blocksize = 1 << inode.i_blkbits;                                        // L15
        Trace(new Call.ext4_bio_write_page(page.Id, len, wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL, keep_towrite, page.TagTowrite,
            page.Size, inode.S_ISREG ? inode.Encryption : EncryptionMode.None, page.PG_locked, page.PG_writeback, blocksize));

        KernelBug.BUG_ON(!page.PG_locked, $"{page} not locked");                 // L17
        KernelBug.BUG_ON(page.PG_writeback, $"{page} already under writeback");  // L18

        if (keep_towrite)                                                        // L20
            await set_page_writeback_keepwrite(page);                            // L21
        else                                                                     // L22
            await set_page_writeback(page);                                      // L23
        if (!Variant.Breaks.SkipsClearPageError) ClearPageError(page);           // L24

        if (len < page.Size && Variant.ZeroesTailPastEof)                        // L35
            if (!Variant.Breaks.SkipsTailZeroing) zero_user_segment(page, len, page.Size); // L36

        bh = head = page.Buffers[0];                                             // L44
        do                                                                       // L45
        {
            block_start = bh_offset(bh);                                         // L46
            if (block_start >= len)                                              // L47
            {
                if (!Variant.Breaks.EofBufferKeepsDirty) clear_buffer_dirty(bh); // L48
                set_buffer_uptodate(bh);                                         // L49
                continue;                                                        // L50
            }
            if (!buffer_dirty(bh) || buffer_delay(bh) ||                         // L52
                !buffer_mapped(bh) || buffer_unwritten(bh))                      // L53
            {
                if (!buffer_mapped(bh) || Variant.ClearsDirtyOfUnpreparedBuffers) // L55 (H3: always)
                    clear_buffer_dirty(bh);                                      // L56
                if (io.io_bio is not null && !Variant.Breaks.SkipsSubmitAtUnpreparedBuffer) // L57
                    await ext4_io_submit(io);                                    // L58
                continue;                                                        // L59
            }
            if (buffer_new(bh))                                                  // L61
            {
                clear_buffer_new(bh);                                            // L62
                unmap_underlying_metadata(bh);                                   // L63
            }
            await set_buffer_async_write(bh);                                    // L65
            nr_to_submit++;                                                      // L66
            if (Variant.SubmitAsYouMark)
            {
                // H1 only: the pre-0058f9658c94 shape, submitting the buffer before the next is marked.
                ret = await io_submit_add_bh(io, inode, page, bh);
                if (ret != 0)
                    goto @out;
                nr_submitted++;
                clear_buffer_dirty(bh);
            }
        } while ((bh = bh.b_this_page) != head);                                 // L67

        bh = head = page.Buffers[0];                                             // L69

        if (ext4_encrypted_inode(inode) && inode.S_ISREG &&                      // L71
            nr_to_submit != 0)                                                   // L72
        {
            var gfp_flags = Variant.InitialEncryptGfp(io);                       // L73

        retry_encrypt:                                                           // L75

            if (!ext4_using_hardware_encryption(inode))                          // L77
                data_page = await ext4_encrypt(inode, page, gfp_flags);    // L78

            if (page.IS_ERR(data_page))                                          // L81
            {
                ret = page.PTR_ERR(data_page!);                                  // L82
                if (Variant.EncryptRetryWanted(ret, io, wbc))                    // L83
                {
                    if (!Variant.UpstreamRetryShape)
                    {
                        if (io.io_bio is not null)                               // L84
                        {
                            if (!Variant.Breaks.RetryKeepsOwnBioOpen) await ext4_io_submit(io); // L85
                            await congestion_wait();                       // L86
                        }
                        gfp_flags |= gfp_t.__GFP_NOFAIL;                         // L88
                    }
                    else
                    {
                        // upstream 547c556f4db7: back to GFP_NOFS; NOFAIL only when no bio of ours holds pool pages
                        gfp_flags = gfp_t.GFP_NOFS;
                        if (io.io_bio is not null && !Variant.Breaks.RetryKeepsOwnBioOpen)
                            await ext4_io_submit(io);
                        else
                            gfp_flags |= gfp_t.__GFP_NOFAIL;
                        await congestion_wait();
                    }
                    goto retry_encrypt;                                          // L89
                }
                data_page = null;                                                // L91
                if (!Variant.EncryptFailureReachesWritebackEnd)
                {
                    // H2 only: the pre-a54aa7610861 early return leaves PG_writeback set.
                    redirty_page_for_writepage(wbc, page);
                    await unlock_page(page);
                    return Return(page, ret, nr_submitted);
                }
                goto @out;                                                       // L92
            }
        }

        do                                                                       // L97
        {
            if (!buffer_async_write(bh) || Variant.SubmitAsYouMark)              // L98 (H1: all sent already)
                continue;                                                        // L99
            ret = await io_submit_add_bh(io, inode,                              // L100
                                   data_page is not null && !Variant.SubmitsPlaintextPage ? data_page : page, bh); // L101 (H5: page)
            if (ret != 0)                                                        // L102
            {
                break;                                                           // L108
            }
            nr_submitted++;                                                      // L110
            clear_buffer_dirty(bh);                                              // L111
        } while ((bh = bh.b_this_page) != head);                                 // L112

        if (ret == 0)                                                            // L115
            goto unlock;
        @out:                                                                    // L116
        if (data_page is not null)                                               // L117
            await ext4_restore_control_page(data_page);                          // L118
        Trace(new Call.printk_ratelimited(page.Id, ret));                     // L119
        redirty_page_for_writepage(wbc, page);                                   // L120
        do                                                                       // L121
        {
            await clear_buffer_async_write(bh);                                  // L122
            bh = bh.b_this_page;                                                 // L123
        } while (bh != head);                                                    // L124
        unlock:
        if (ret != 0 || !Variant.Breaks.SkipsUnlock) await unlock_page(page);  // L126
        if (nr_submitted == 0)                                                   // L128
            await end_page_writeback(page);                                      // L129
        return Return(page, ret, nr_submitted);                                  // L130
    }

    private int Return(page page, int ret, int nr_submitted)
    {
        Trace(new Call.ext4_bio_write_page_return(page.Id, ret, nr_submitted));
        return ret;
    }

    /// <summary>congestion_wait(BLK_RW_ASYNC, HZ/50): others run meanwhile.</summary>
    public async ValueTask congestion_wait()
    {
        Trace(new Call.congestion_wait());
        await Cpu.CongestionWaitAsync();
    }
}
