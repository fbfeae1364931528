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

    public string Data => Segments.All(s => s.Bounce) ? "bounce" : Segments.Any(s => s.Bounce) ? "mixed" : "page";
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

    /// <summary>Appends <paramref name="then"/> only when <paramref name="condition"/> holds, else <paramref name="otherwise"/>.</summary>
    public EventScript If(bool condition, Func<EventScript, EventScript> then, Func<EventScript, EventScript>? otherwise = null) =>
        condition ? then(this) : otherwise?.Invoke(this) ?? this;

    // ---- the writer: ext4_bio_write_page and what it calls -------------------------------------

    public EventScript ext4_bio_write_page(int page, int len = PageSize, bool syncAll = false, bool keepTowrite = false,
        bool towrite = false, string encryption = "none", bool locked = true, bool writeback = false) =>
        Add(new KernelEvent
        {
            Call = "ext4_bio_write_page", Page = page, Len = len, SyncAll = syncAll, KeepTowrite = keepTowrite,
            Towrite = towrite, PageSize = PageSize, Encryption = encryption,
            Flags = [.. locked ? new[] { "locked" } : [], .. writeback ? new[] { "writeback" } : []],
        });

    public EventScript set_page_writeback(int page) =>
        Add(new KernelEvent { Call = "set_page_writeback", Page = page, Towrite = false });

    /// <summary><paramref name="towrite"/>: the TOWRITE tag after the call.</summary>
    public EventScript set_page_writeback_keepwrite(int page, bool towrite) =>
        Add(new KernelEvent { Call = "set_page_writeback_keepwrite", Page = page, Towrite = towrite });

    public EventScript ClearPageError(int page) => Add(new KernelEvent { Call = "ClearPageError", Page = page });

    public EventScript zero_user_segment(int page, int from, int to = PageSize) =>
        Add(new KernelEvent { Call = "zero_user_segment", Page = page, From = from, To = to });

    public EventScript set_buffer_async_write(int page, int bh, long block) =>
        Add(new KernelEvent { Call = "set_buffer_async_write", Page = page, Bh = bh, Block = block });

    /// <summary>The snapshot before the bit is cleared: <paramref name="flags"/> are the buffer's flags then.</summary>
    public EventScript clear_buffer_dirty(int page, int bh, long block, string flags = "dirty,mapped,uptodate,async_write", int blockSize = PageSize, int version = 1) =>
        Add(new KernelEvent
        {
            Call = "clear_buffer_dirty", Page = page, Bh = bh, Block = block, Offset = bh * blockSize, Versions = [version],
            Flags = flags.Split(',', StringSplitOptions.RemoveEmptyEntries),
        });

    public EventScript set_buffer_dirty(int page, int bh, long block) =>
        Add(new KernelEvent { Call = "set_buffer_dirty", Page = page, Bh = bh, Block = block });

    public EventScript ext4_encrypt(int page, int bounce) =>
        Add(new KernelEvent { Call = "ext4_encrypt", Page = page, Gfp = "GFP_NOFS", Bounce = bounce, Ret = 0 });

    public EventScript ext4_encrypt_fails(int page, string gfp = "GFP_NOFS") =>
        Add(new KernelEvent { Call = "ext4_encrypt", Page = page, Gfp = gfp, Ret = -Errno.ENOMEM, Note = "crypto ctx allocation failed" });

    /// <summary>A successful io_submit_add_bh: the buffer went into bio <paramref name="bio"/>,
    /// from bounce page <paramref name="bounce"/> when given, else from the page itself.</summary>
    public EventScript io_submit_add_bh(int page, int bh, long block, int bio, int? bounce = null, int ioEnd = 1, bool unwritten = false, int version = 1) =>
        Add(new KernelEvent
        {
            Call = "io_submit_add_bh", Page = page, Bh = bh, Block = block, Bio = bio, Data = bounce is null ? "page" : "bounce",
            Bounce = bounce, Versions = [version], IoEnd = ioEnd, Unwritten = unwritten,
        });

    /// <summary>io_submit_add_bh failing in io_submit_init_bio (bio_alloc returned NULL).</summary>
    public EventScript io_submit_add_bh_fails(int page, int bh, long block) =>
        Add(new KernelEvent { Call = "bio_alloc", Ret = -Errno.ENOMEM, Note = "returns NULL" })
        .Add(new KernelEvent { Call = "io_submit_add_bh", Page = page, Bh = bh, Block = block, Ret = -Errno.ENOMEM });

    public EventScript clear_buffer_async_write(int page, int bh, long block) =>
        Add(new KernelEvent { Call = "clear_buffer_async_write", Page = page, Bh = bh, Block = block });

    public EventScript redirty_page_for_writepage(int page) => Add(new KernelEvent { Call = "redirty_page_for_writepage", Page = page });

    public EventScript congestion_wait() => Add(new KernelEvent { Call = "congestion_wait" });

    public EventScript lock_page(int page) => Add(new KernelEvent { Call = "lock_page", Page = page });

    public EventScript unlock_page(int page) => Add(new KernelEvent { Call = "unlock_page", Page = page });

    public EventScript ext4_bio_write_page_return(int page, int ret = 0) =>
        Add(new KernelEvent { Call = "ext4_bio_write_page_return", Page = page, Ret = ret });

    // ---- block layer, completion and conversion -------------------------------------------------

    public EventScript submit_bio(BioShape bio) =>
        Add(new KernelEvent
        {
            Call = "submit_bio", Page = bio.Segments.Count > 0 ? bio.Segments[0].Page : null, Bio = bio.Id,
            Blocks = bio.Blocks, Segments = bio.Segments, Data = bio.Data, IoEnd = bio.IoEnd,
        });

    /// <summary>The device finished the bio; <paramref name="versions"/> are the data versions it wrote (1 each by default).</summary>
    public EventScript bio_endio(BioShape bio, int error = 0, IReadOnlyList<int>? versions = null) =>
        Add(new KernelEvent
        {
            Call = "bio_endio", Page = bio.Segments.Count > 0 ? bio.Segments[0].Page : null, Bio = bio.Id, Blocks = bio.Blocks,
            Versions = versions ?? bio.Blocks.Select(_ => 1).ToArray(), Segments = bio.Segments, Data = bio.Data,
            Error = error, IoEnd = bio.IoEnd,
        });

    public EventScript ext4_end_bio(BioShape bio, int error = 0) =>
        Add(new KernelEvent { Call = "ext4_end_bio", Bio = bio.Id, IoEnd = bio.IoEnd, Error = error });

    public EventScript ext4_finish_bio(BioShape bio, int error = 0) =>
        Add(new KernelEvent { Call = "ext4_finish_bio", Bio = bio.Id, Error = error });

    public EventScript SetPageError(int page) => Add(new KernelEvent { Call = "SetPageError", Page = page });

    public EventScript mapping_set_error(int page, int error = -Errno.EIO) =>
        Add(new KernelEvent { Call = "mapping_set_error", Page = page, Error = error });

    public EventScript ext4_restore_control_page(int page, int bounce) =>
        Add(new KernelEvent { Call = "ext4_restore_control_page", Page = page, Bounce = bounce });

    public EventScript end_page_writeback(int page) => Add(new KernelEvent { Call = "end_page_writeback", Page = page });

    public EventScript ext4_convert_unwritten_extents(int ioEnd) =>
        Add(new KernelEvent { Call = "ext4_convert_unwritten_extents", IoEnd = ioEnd });

    public EventScript mempool_alloc_sleeps() =>
        Add(new KernelEvent { Call = "mempool_alloc", Gfp = "GFP_NOFS", Note = "sleeps: ext4_bounce_page_pool empty" });

    // ---- the environment ------------------------------------------------------------------------

    public EventScript fsync(params BufferVersion[] dirty) => Add(new KernelEvent { Call = "fsync", Dirty = dirty });

    public EventScript fsync_return(int ret) => Add(new KernelEvent { Call = "fsync_return", Ret = ret });

    // ---- common shapes of a correct kernel -------------------------------------------------------

    /// <summary>Entry of ext4_bio_write_page up to ClearPageError (seed L17-24), without keep_towrite.</summary>
    public EventScript Enter(int page, int len = PageSize, bool syncAll = false, string encryption = "none") =>
        ext4_bio_write_page(page, len, syncAll, encryption: encryption).set_page_writeback(page).ClearPageError(page);

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
