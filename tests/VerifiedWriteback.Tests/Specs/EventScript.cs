using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>A bio as the events describe it: its segments and the blocks they land on.</summary>
internal sealed record BioShape(int Id, IReadOnlyList<SegmentInfo> Segments, IReadOnlyList<long> Blocks, int IoEnd = 1)
{
    /// <summary>
    /// One segment: <paramref name="count"/> buffers of page <paramref name="page"/> from buffer
    /// <paramref name="firstBh"/>, landing on consecutive blocks from <paramref name="block"/>.
    /// </summary>
    public static BioShape Of(int id, int page, long block, int firstBh = 0, int count = 1, int blockSize = EventScript.PageSize, bool bounce = false, int ioEnd = 1) =>
        new(id, [new SegmentInfo(page, firstBh * blockSize, count * blockSize, block, bounce)],
            Enumerable.Range(0, count).Select(i => block + i).ToArray(), ioEnd);

    public BioData Data => Segments.All(s => s.Bounce) ? BioData.bounce : Segments.Any(s => s.Bounce) ? BioData.mixed : BioData.page;
}

/// <summary>
/// A hand-written stream of kernel events, built call by call in the shape the model records them
/// (src/VerifiedWriteback.Ext4/Linux: which call carries which arguments). Tests use it to write
/// what a buggy kernel would do, and the same stream with the fix, and feed both to a spec.
/// Every method is named after the kernel call whose event it appends.
/// </summary>
internal sealed class EventScript
{
    public const int PageSize = 4096;
    public const string Writer = "writer0";

    private readonly List<KernelEvent> events = [];
    private string cpu = Writer;

    public IReadOnlyList<KernelEvent> Events => events;

    /// <summary>The seq of the event marked with <see cref="Bug"/>: where a safety spec must fire.</summary>
    public int? Culprit { get; private set; }

    /// <summary>The CPU the following events run on (only for the reports' readability).</summary>
    public EventScript On(string cpuName)
    {
        cpu = cpuName;
        return this;
    }

    public EventScript Add(KernelEvent e)
    {
        events.Add(e with { Seq = events.Count + 1, Cpu = cpu });
        return this;
    }

    /// <summary>Marks the event just added as the faulty one.</summary>
    public EventScript Bug()
    {
        Culprit = events.Count;
        return this;
    }

    /// <summary>
    /// The page flags the mm call just added found and left ("locked,dirty" before, "locked" after),
    /// as the model's set/end_page_writeback, clear_page_dirty_for_io and redirty_page_for_writepage record them.
    /// </summary>
    public EventScript Flags(string before, string after)
    {
        var call = (PageFlagEvent)events[^1];
        events[^1] = call with { Flags = new PageFlagChange(ParseFlags(before), ParseFlags(after)) };
        return this;
    }

    private static PageFlags ParseFlags(string flags) =>
        flags.Split(',', StringSplitOptions.RemoveEmptyEntries).Aggregate(PageFlags.None, (all, f) => all | Enum.Parse<PageFlags>(f));

    /// <summary>Appends <paramref name="then"/> only when <paramref name="condition"/> holds, else <paramref name="otherwise"/>.</summary>
    public EventScript If(bool condition, Func<EventScript, EventScript> then, Func<EventScript, EventScript>? otherwise = null) =>
        condition ? then(this) : otherwise?.Invoke(this) ?? this;

    // ---- the writer: ext4_bio_write_page and what it calls -------------------------------------

    public EventScript ext4_bio_write_page(int page, int len = PageSize, bool syncAll = false, bool keepTowrite = false,
        bool towrite = false, string encryption = "none", bool locked = true, bool writeback = false, int blockSize = PageSize) =>
        Add(new Call.ext4_bio_write_page(page, len, syncAll, keepTowrite, towrite, PageSize,
            Enum.Parse<EncryptionMode>(encryption, ignoreCase: true), locked, writeback, blockSize));

    public EventScript set_page_writeback(int page) => Add(new Call.set_page_writeback(page, Towrite: false));

    /// <summary><paramref name="towrite"/>: the TOWRITE tag after the call.</summary>
    public EventScript set_page_writeback_keepwrite(int page, bool towrite) => Add(new Call.set_page_writeback_keepwrite(page, towrite));

    public EventScript ClearPageError(int page) => Add(new Call.ClearPageError(page));

    public EventScript zero_user_segment(int page, int from, int to = PageSize) => Add(new Call.zero_user_segment(page, from, to));

    public EventScript set_buffer_async_write(int page, int bh, long block) => Add(new Call.set_buffer_async_write(page, bh, block));

    /// <summary>The snapshot before the bit is cleared: <paramref name="flags"/> are the buffer's flags then.</summary>
    public EventScript clear_buffer_dirty(int page, int bh, long block, string flags = "dirty,mapped,uptodate,async_write", int blockSize = PageSize, int version = 1) =>
        Add(new Call.clear_buffer_dirty(page, bh, block,
            flags.Split(',', StringSplitOptions.RemoveEmptyEntries).Aggregate(BufferFlags.None, (all, f) => all | Enum.Parse<BufferFlags>(f)),
            bh * blockSize, version));

    public EventScript ext4_encrypt(int page, int bounce) =>
        Add(new Call.ext4_encrypt(page, gfp_t.GFP_NOFS, 0, bounce, EncryptFailure.None));

    public EventScript ext4_encrypt_fails(int page, gfp_t gfp = gfp_t.GFP_NOFS) =>
        Add(new Call.ext4_encrypt(page, gfp, -Errno.ENOMEM, null, EncryptFailure.CryptoCtxAllocation));

    /// <summary>A successful io_submit_add_bh: the buffer went into bio <paramref name="bio"/>,
    /// from bounce page <paramref name="bounce"/> when given, else from the page itself.</summary>
    public EventScript io_submit_add_bh(int page, int bh, long block, int bio, int? bounce = null, int ioEnd = 1, bool unwritten = false, int version = 1) =>
        Add(new Call.io_submit_add_bh(page, bh, block, 0, bio, bounce, version, ioEnd, unwritten));

    /// <summary>io_submit_add_bh failing in io_submit_init_bio (bio_alloc returned NULL).</summary>
    public EventScript io_submit_add_bh_fails(int page, int bh, long block) =>
        Add(new Call.bio_alloc(-Errno.ENOMEM))
        .Add(new Call.io_submit_add_bh(page, bh, block, -Errno.ENOMEM, Bio: null, Bounce: null, Version: 1, IoEnd: null, Unwritten: false));

    public EventScript mark_buffer_dirty(int page, int bh, long block, int version = 2) => Add(new Call.mark_buffer_dirty(page, bh, block, version));

    public EventScript clear_buffer_async_write(int page, int bh, long block) => Add(new Call.clear_buffer_async_write(page, bh, block));

    public EventScript redirty_page_for_writepage(int page) => Add(new Call.redirty_page_for_writepage(page));

    public EventScript congestion_wait() => Add(new Call.congestion_wait());

    public EventScript lock_page(int page) => Add(new Call.lock_page(page));

    public EventScript unlock_page(int page) => Add(new Call.unlock_page(page, WasLocked: true));

    public EventScript ext4_bio_write_page_return(int page, int ret = 0) => Add(new Call.ext4_bio_write_page_return(page, ret, NrSubmitted: 0));

    // ---- block layer, completion and conversion -------------------------------------------------

    public EventScript submit_bio(BioShape bio, int maxVecs = 256) => Add(new Call.submit_bio(bio.Id, bio.Blocks, bio.Segments, bio.Data, bio.IoEnd, maxVecs));

    /// <summary>
    /// The device finished the bio; <paramref name="versions"/> are the data versions it wrote (1 each
    /// by default); <paramref name="ciphertext"/> whether each block came as ciphertext (by default:
    /// exactly the blocks of bounce-page segments).
    /// </summary>
    public EventScript bio_endio(BioShape bio, int error = 0, IReadOnlyList<int>? versions = null, IReadOnlyList<bool>? ciphertext = null) =>
        Add(new Call.bio_endio(bio.Id, bio.Blocks, versions ?? bio.Blocks.Select(_ => 1).ToArray(), bio.Segments, bio.Data, error, bio.IoEnd,
            ciphertext ?? bio.Segments.SelectMany(s => Enumerable.Repeat(s.Bounce, s.Length / (bio.Segments.Sum(x => x.Length) / bio.Blocks.Count))).ToArray()));

    public EventScript ext4_end_bio(BioShape bio, int error = 0) => Add(new Call.ext4_end_bio(bio.Id, bio.IoEnd, error));

    public EventScript ext4_finish_bio(BioShape bio, int error = 0) => Add(new Call.ext4_finish_bio(bio.Id, error));

    public EventScript SetPageError(int page) => Add(new Call.SetPageError(page));

    public EventScript mapping_set_error(int page, int error = -Errno.EIO) => Add(new Call.mapping_set_error(page, error));

    public EventScript ext4_restore_control_page(int page, int bounce) => Add(new Call.ext4_restore_control_page(page, bounce, AlreadyFreed: false));

    public EventScript end_page_writeback(int page) => Add(new Call.end_page_writeback(page, WasUnderWriteback: true));

    public EventScript ext4_convert_unwritten_extents(int ioEnd) => Add(new Call.ext4_convert_unwritten_extents(ioEnd, 0, 0));

    public EventScript set_buffer_uptodate(int page, int bh, long block) => Add(new Call.set_buffer_uptodate(page, bh, block));

    public EventScript wait_on_page_writeback(int page) => Add(new Call.wait_on_page_writeback(page));

    public EventScript clear_page_dirty_for_io(int page, bool wasDirty) => Add(new Call.clear_page_dirty_for_io(page, wasDirty));

    public EventScript ext4_writepages(int ioEnd, bool syncAll = false, bool unwritten = false) => Add(new Call.ext4_writepages(ioEnd, syncAll, unwritten));

    public EventScript ext4_writepages_return(int ioEnd, bool syncAll = false, int ret = 0) => Add(new Call.ext4_writepages_return(ioEnd, syncAll, ret));

    public EventScript ext4_put_io_end_defer(int ioEnd, int count) => Add(new Call.ext4_put_io_end_defer(ioEnd, count));

    public EventScript ext4_release_io_end(int ioEnd) => Add(new Call.ext4_release_io_end(ioEnd));

    public EventScript ext4_add_complete_io(int ioEnd) => Add(new Call.ext4_add_complete_io(ioEnd));

    public EventScript mempool_alloc_sleeps() => Add(new Call.mempool_alloc("ext4_bounce_page_pool", gfp_t.GFP_NOFS));

    // ---- the environment ------------------------------------------------------------------------

    public EventScript fsync(params BufferVersion[] dirty) => Add(new Call.fsync(dirty));

    public EventScript fsync_return(int ret) => Add(new Call.fsync_return(ret));

    // ---- common shapes of a correct kernel -------------------------------------------------------

    /// <summary>Entry of ext4_bio_write_page up to ClearPageError (seed L17-24), without keep_towrite.</summary>
    public EventScript Enter(int page, int len = PageSize, bool syncAll = false, string encryption = "none", int blockSize = PageSize) =>
        ext4_bio_write_page(page, len, syncAll, encryption: encryption, blockSize: blockSize).set_page_writeback(page).ClearPageError(page);

    /// <summary>The normal end of the call: unlock_page (L126) and return.</summary>
    public EventScript Leave(int page, int ret = 0) => unlock_page(page).ext4_bio_write_page_return(page, ret);

    /// <summary>
    /// Completion of a bio whose buffers are the last of their page under I/O, on a completion CPU
    /// (ext4_end_bio, ext4_finish_bio): clear BH_Async_Write on each buffer, free the bounce page,
    /// end writeback. With <paramref name="endsWriteback"/> false another buffer of the page is
    /// still under I/O (under_io &gt; 0), so the page stays in writeback.
    /// </summary>
    public EventScript Complete(BioShape bio, bool endsWriteback = true, int? bounce = null, int error = 0, string on = "completion0")
    {
        var blockSize = bio.Segments.Sum(s => s.Length) / bio.Blocks.Count;
        On(on).bio_endio(bio, error).ext4_end_bio(bio, error);
        if (error != 0)
        {
            mapping_set_error(bio.Segments[0].Page, error);
        }
        ext4_finish_bio(bio, error);
        foreach (var s in bio.Segments)
        {
            if (error != 0)
            {
                SetPageError(s.Page);
            }
            for (var k = 0; k * blockSize < s.Length; k++)
            {
                clear_buffer_async_write(s.Page, (s.Offset / blockSize) + k, s.Block + k);
            }
            if (endsWriteback)
            {
                if (bounce is { } b)
                {
                    ext4_restore_control_page(s.Page, b);
                }
                end_page_writeback(s.Page);
            }
        }
        return On(Writer);
    }
}
