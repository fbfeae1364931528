using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// fs/ext4/page-io.c, building and submitting bios. Line numbers cite the seed's tree
/// (OnePlusOSS/android_kernel_oneplus_msm8998 fs/ext4/page-io.c at 9772b64e).
/// </summary>
public sealed partial class Linux
{
    /// <summary>ext4_io_submit, page-io.c:354-366.</summary>
    public async ValueTask ext4_io_submit(ext4_io_submit io)
    {
        var bio = io.io_bio;                                                     // :356
        if (bio is not null)                                                     // :358
        {
            var writeSync = io.io_wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL; // :359-360
            await submit_bio(bio, writeSync);                                    // :361-363
        }
        io.io_bio = null;                                                        // :365
    }

    /// <summary>ext4_io_submit_init, page-io.c:368-374.</summary>
    public static ext4_io_submit ext4_io_submit_init(writeback_control wbc) => new() { io_wbc = wbc, io_bio = null, io_end = null };

    /// <summary>io_submit_init_bio, page-io.c:376-392.</summary>
    public int io_submit_init_bio(ext4_io_submit io, buffer_head bh)
    {
        var bio = bio_alloc(bh.b_blocknr, bh.b_size);                            // :381
        if (bio is null)                                                         // :382
        {
            return -Errno.ENOMEM;                                                // :383
        }
        KernelBug.BUG_ON(io.io_end is null, "io_submit_init_bio without an io_end");
        bio.bi_private = ext4_get_io_end(io.io_end!);                            // :385-388
        io.io_end!.count -= Variant.Breaks.BioTakesNoIoEndReference ? 1 : 0;    // test-only breakage: the bio's reference not taken
        io.io_bio = bio;                                                         // :389
        io.io_next_block = bh.b_blocknr;                                         // :390
        return 0;                                                                // :391
    }

    /// <summary>
    /// io_submit_add_bh, page-io.c:394-416. The C jumps back to submit_and_retry when the bio is
    /// full; here that is the loop around :405-412.
    /// </summary>
    public async ValueTask<int> io_submit_add_bh(ext4_io_submit io, inode inode, page page, buffer_head bh)
    {
        int ret;                                                                 // :399
        if (io.io_bio is not null && bh.b_blocknr != io.io_next_block && !Variant.Breaks.SkipsContiguityCheck) // :401
        {
            await ext4_io_submit(io);                                            // :402-403 submit_and_retry
        }
        while (true)
        {
            if (io.io_bio is null)                                               // :405
            {
                ret = io_submit_init_bio(io, bh);                                // :406
                if (ret != 0)                                                    // :407
                {
                    Trace(new Call.io_submit_add_bh(bh.b_page.Id, bh.Index, bh.b_blocknr, ret, Bio: null, Bounce: null, page.Content[bh.Index], IoEnd: null, Unwritten: false));
                    return ret;                                                  // :408
                }
            }
            ret = bio_add_page(io.io_bio!, page, bh.b_size, buffer_head.bh_offset(bh)); // :410
            if (ret == bh.b_size)                                                // :411
            {
                break;
            }
            await ext4_io_submit(io);                                            // :412 goto submit_and_retry
        }
        Trace(new Call.io_submit_add_bh(bh.b_page.Id, bh.Index, bh.b_blocknr, 0, io.io_bio!.Id, page.IsBounce ? page.Id : null,
            page.Content[bh.Index], io.io_bio.bi_private?.Id, io.io_bio.bi_private?.EXT4_IO_END_UNWRITTEN ?? false));
        io.io_next_block++;                                                      // :414
        return 0;                                                                // :415
    }
}
