using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>The block layer as the writeback path sees it (block/bio.c, block/blk-core.c).</summary>
public sealed partial class Linux
{
    /// <summary>
    /// bio_alloc(GFP_NOIO, BIO_MAX_PAGES): backed by a mempool, so it never returns NULL in 4.4.
    /// The adversarial environment drops that guarantee; a variant may also declare it infallible.
    /// </summary>
    public bio? bio_alloc(long firstBlock, int blockSize)
    {
        if (Machine.Environment.BioAllocMayFail && Variant.BioAllocMayFail && Cpu.Fault(FaultSite.bio_alloc))
        {
            Trace(new Call.bio_alloc(-Errno.ENOMEM));
            return null;
        }
        return new bio { Id = Machine.NewBioId(), FirstBlock = firstBlock, BlockSize = blockSize, MaxVecs = Machine.BioMaxVecs };
    }

    /// <summary>
    /// bio_add_page (block/bio.c): merges with the last segment when it continues it in the same
    /// page, else takes a new segment; returns 0 when the bio is full.
    /// </summary>
    public static int bio_add_page(bio bio, page page, int len, int offset)
    {
        if (bio.bi_io_vec.Count > 0)
        {
            var prev = bio.bi_io_vec[^1];
            if (ReferenceEquals(prev.bv_page, page) && offset == prev.bv_offset + prev.bv_len)
            {
                prev.bv_len += len;
                return len;
            }
        }
        if (bio.bi_io_vec.Count >= bio.MaxVecs)
        {
            return 0;
        }
        bio.bi_io_vec.Add(new bio_vec { bv_page = page, bv_offset = offset, bv_len = len });
        return len;
    }

    /// <summary>The segments of a bio as the specs see them: control page, offset, length, first block.</summary>
    public static IReadOnlyList<SegmentInfo> Segments(bio bio)
    {
        var segments = new List<SegmentInfo>(bio.bi_io_vec.Count);
        var block = bio.FirstBlock;
        foreach (var vec in bio.bi_io_vec)
        {
            segments.Add(new SegmentInfo(ControlPage(vec.bv_page).Id, vec.bv_offset, vec.bv_len, block, vec.bv_page.IsBounce));
            block += vec.bv_len / bio.BlockSize;
        }
        return segments;
    }

    public static IReadOnlyList<long> Blocks(bio bio)
    {
        var blocks = new List<long>();
        var count = bio.Size / bio.BlockSize;
        for (var i = 0; i < count; i++)
        {
            blocks.Add(bio.FirstBlock + i);
        }
        return blocks;
    }

    private static BioData DataKind(bio bio) =>
        bio.bi_io_vec.All(v => v.bv_page.IsBounce) ? BioData.bounce : bio.bi_io_vec.Any(v => v.bv_page.IsBounce) ? BioData.mixed : BioData.page;

    /// <summary>submit_bio (block/blk-core.c): the bio leaves the file system for the device.</summary>
    public async ValueTask submit_bio(bio bio, bool writeSync)
    {
        KernelBug.BUG_ON(bio.Submitted, $"{bio} submitted twice");
        bio.Submitted = true;
        bio.WriteSync = writeSync;
        Trace(new Call.submit_bio(bio.Id, Blocks(bio), Segments(bio), DataKind(bio), bio.bi_private?.Id, bio.MaxVecs));
        await Cpu.SubmitBioAsync(bio);
    }

    /// <summary>
    /// The device finishing a bio (bio_endio, block/bio.c): the data reaches the media (or fails
    /// with <paramref name="error"/>), then the bio's end_io, ext4_end_bio, runs on this CPU.
    /// </summary>
    public async ValueTask bio_endio(bio bio, int error)
    {
        KernelBug.BUG_ON(!bio.Submitted || bio.Completed, $"{bio} completed twice or before submission");
        bio.Completed = true;
        bio.bi_error = error;
        var versions = new List<int>();
        var ciphertext = new List<bool>();
        var block = bio.FirstBlock;
        foreach (var vec in bio.bi_io_vec)
        {
            var control = ControlPage(vec.bv_page);
            for (var off = vec.bv_offset; off < vec.bv_offset + vec.bv_len; off += bio.BlockSize)
            {
                // A bounce page freed before the DMA read it holds garbage: version -1.
                var freed = vec.bv_page.IsBounce && !Machine.LiveBouncePages.ContainsKey(vec.bv_page.Id);
                var version = freed ? -1 : vec.bv_page.Content[off / bio.BlockSize];
                versions.Add(version);
                ciphertext.Add(vec.bv_page.Ciphertext);
                if (error == 0)
                {
                    Machine.Disk.Write(new DiskWrite(block, version, vec.bv_page.Ciphertext, control.Id, bio.Id));
                }
                block++;
            }
        }
        Trace(new Call.bio_endio(bio.Id, Blocks(bio), versions, Segments(bio), DataKind(bio), error, bio.bi_private?.Id, ciphertext));
        await ext4_end_bio(bio);
    }
}
