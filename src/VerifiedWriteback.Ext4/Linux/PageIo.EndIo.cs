using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>fs/ext4/page-io.c, I/O completion and io_end lifetime (line numbers as in PageIo.Submit.cs).</summary>
public sealed partial class Linux
{
    /// <summary>
    /// ext4_finish_bio, page-io.c:63-124. For each segment: map a bounce page back to its control
    /// page, record an error, then under BH_Uptodate_Lock clear BH_Async_Write on the buffers the
    /// segment covers and count the page's other buffers still under I/O; the last one out frees
    /// the bounce page and ends writeback.
    /// </summary>
    public async ValueTask ext4_finish_bio(bio bio)
    {
        Trace(new Call.ext4_finish_bio(bio.Id, bio.bi_error));
        foreach (var bvec in bio.bi_io_vec)                                      // :68
        {
            var page = bvec.bv_page;                                             // :69
            page? data_page = null;                                              // :71
            ext4_crypto_ctx? ctx = null;                                         // :72
            var bio_start = bvec.bv_offset;                                      // :75
            var bio_end = bio_start + bvec.bv_len;                               // :76
            var under_io = 0;                                                    // :77

            if (page.mapping is null)                                            // :84
            {
                data_page = page;                                                // :86
                ctx = data_page.Private;                                         // :87
                KernelBug.BUG_ON(ctx is null, $"NULL page_private of {data_page} in ext4_finish_bio: the bounce page was freed while this bio held it");
                page = ctx!.control_page!;                                       // :88
            }

            if (bio.bi_error != 0)                                               // :92
            {
                if (!Variant.Breaks.FinishBioSkipsPageError)
                    SetPageError(page);                                          // :93
                page.mapping!.AS_EIO = true;                                     // :94
            }
            var head = page.Buffers[0];                                          // :96
            var bh = head;
            var locked = Variant.FinishBioTakesUptodateLock;
            if (locked)
            {
                bit_spin_lock_BH_Uptodate_Lock(head);                            // :101-102
            }
            do                                                                   // :103
            {
                if (!locked)
                {
                    // Without the lock another completion of this page may run between any two steps.
                    await Cpu.InterleaveAsync("ext4_finish_bio (no BH_Uptodate_Lock)");
                }
                if (buffer_head.bh_offset(bh) < bio_start ||                     // :104
                    buffer_head.bh_offset(bh) + bh.b_size > bio_end)             // :105
                {
                    if (buffer_head.buffer_async_write(bh))                      // :106
                    {
                        under_io++;                                              // :107
                    }
                    continue;                                                    // :108
                }
                await clear_buffer_async_write(bh);                              // :110
                if (bio.bi_error != 0)                                           // :111
                {
                    Trace(new Call.buffer_io_error(bh.b_page.Id, bh.Index, bh.b_blocknr, bio.bi_error)); // :112
                }
            } while ((bh = bh.b_this_page) != head);                            // :113
            if (locked)
            {
                bit_spin_unlock_BH_Uptodate_Lock(head);                          // :114-115
            }
            if (under_io == 0)                                                   // :116
            {
                if (ctx is not null)                                             // :118
                {
                    await ext4_restore_control_page(data_page!);                 // :119
                }
                await end_page_writeback(page);                                  // :121
            }
        }
    }

    /// <summary>ext4_release_io_end, page-io.c:126-143: finish every parked bio, free the io_end.</summary>
    public async ValueTask ext4_release_io_end(ext4_io_end io_end)
    {
        KernelBug.BUG_ON(io_end.EXT4_IO_END_UNWRITTEN, $"{io_end} released while still UNWRITTEN"); // :131
        Trace(new Call.ext4_release_io_end(io_end.Id));
        io_end.Released = true;
        // :137-141 walks the xchg-built list, newest bio first.
        var parked = io_end.bio.ToArray();
        io_end.bio.Clear();
        foreach (var bio in parked)
        {
            await ext4_finish_bio(bio);                                          // :139
        }
    }

    /// <summary>
    /// ext4_end_io, page-io.c:163-187, run by the conversion worker: convert the unwritten extents,
    /// clear the flag, then release the io_end (which finishes the parked bios).
    /// </summary>
    public async ValueTask ext4_end_io(ext4_io_end io)
    {
        Trace(new Call.ext4_convert_unwritten_extents(io.Id, io.offset, io.size)); // :176
        io.Converted = true;
        io.EXT4_IO_END_UNWRITTEN = false;                                        // :184 ext4_clear_io_unwritten_flag
        await ext4_release_io_end(io);                                           // :185
    }

    /// <summary>ext4_add_complete_io, page-io.c:213-229: queue the io_end for the conversion worker.</summary>
    public async ValueTask ext4_add_complete_io(ext4_io_end io_end)
    {
        var inode = io_end.inode;
        var wasEmpty = inode.i_rsv_conversion_list.Count == 0;                   // :225
        inode.i_rsv_conversion_list.Add(io_end);                                 // :227
        Trace(new Call.ext4_add_complete_io(io_end.Id));
        if (wasEmpty)
        {
            await Cpu.QueueWorkAsync(inode);                                          // :226 queue_work(rsv_conversion_wq)
        }
    }

    /// <summary>ext4_do_flush_completed_IO, page-io.c:231-255 (the body of ext4_end_io_rsv_work).</summary>
    public async ValueTask ext4_do_flush_completed_IO(inode inode)
    {
        var unwritten = inode.i_rsv_conversion_list.ToArray();                   // :242 list_replace_init
        inode.i_rsv_conversion_list.Clear();
        foreach (var io in unwritten)                                            // :245
        {
            KernelBug.BUG_ON(!io.EXT4_IO_END_UNWRITTEN, $"{io} on the conversion list without UNWRITTEN"); // :247
            await ext4_end_io(io);                                               // :250
        }
    }

    /// <summary>ext4_init_io_end, page-io.c:267-277: one reference, held by the writeback pass.</summary>
    public ext4_io_end ext4_init_io_end(inode inode) => new() { Id = Machine.NewIoEndId(), inode = inode, count = 1 };

    /// <summary>ext4_get_io_end, page-io.c:307-311.</summary>
    public static ext4_io_end ext4_get_io_end(ext4_io_end io_end)
    {
        io_end.count++;
        return io_end;
    }

    /// <summary>ext4_put_io_end_defer, page-io.c:279-288.</summary>
    public async ValueTask ext4_put_io_end_defer(ext4_io_end io_end)
    {
        KernelBug.BUG_ON(io_end.count <= 0, $"{io_end} reference count underflow");
        io_end.count--;                                                          // :281
        Trace(new Call.ext4_put_io_end_defer(io_end.Id, io_end.count));
        if (io_end.count == 0)
        {
            if (!io_end.EXT4_IO_END_UNWRITTEN || io_end.size == 0)              // :282
            {
                await ext4_release_io_end(io_end);                               // :283
                return;                                                          // :284
            }
            await ext4_add_complete_io(io_end);                                  // :286
        }
    }

    /// <summary>
    /// ext4_end_bio, page-io.c:314-352: report an error to the mapping; with an UNWRITTEN io_end park
    /// the bio until conversion, else drop the io_end reference first and finish the bio.
    /// </summary>
    public async ValueTask ext4_end_bio(bio bio)
    {
        var io_end = bio.bi_private;                                             // :316
        KernelBug.BUG_ON(io_end is null, $"{bio} without io_end");               // :319
        Trace(new Call.ext4_end_bio(bio.Id, io_end!.Id, bio.bi_error));
        if (bio.bi_error != 0)                                                   // :322
        {
            mapping_set_error(io_end.inode.i_mapping, bio.bi_error,             // :332
                bio.bi_io_vec.Count > 0 ? ControlPage(bio.bi_io_vec[0].bv_page).Id : -1);
        }
        if (io_end.EXT4_IO_END_UNWRITTEN)                                        // :335
        {
            if (Variant.Breaks.EndBioIgnoresUnwritten)
            {
                // test-only breakage: finish at once as if the io_end were not UNWRITTEN
                await ext4_put_io_end_defer(io_end);
                await ext4_finish_bio(bio);
                return;
            }
            io_end.bio.Insert(0, bio);                                           // :341 xchg(&io_end->bio, bio)
            await ext4_put_io_end_defer(io_end);                                 // :342
        }
        else
        {
            await ext4_put_io_end_defer(io_end);                                 // :348
            await ext4_finish_bio(bio);                                          // :349
        }
    }
}
