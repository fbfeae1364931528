namespace VerifiedWriteback.Kernel;

/// <summary>fs/ext4/page-io.c: the writer's calls and I/O completion.</summary>
public static partial class Call
{
    /// <summary>
    /// Entry of ext4_bio_write_page: the page, len, the wbc's mode, keep_towrite, and the page's state
    /// on entry; <paramref name="BlockSize"/> is 1 &lt;&lt; i_blkbits (seed L15), so a spec knows which
    /// buffers lie past len.
    /// </summary>
    public sealed record ext4_bio_write_page(int Page, int Len, bool SyncAll, bool KeepTowrite, bool Towrite, int PageSize,
        EncryptionMode Encryption, bool Locked, bool Writeback, int BlockSize) : PageEvent(Page)
    {
        /// <summary>The version's contract: the caller, not the function, unlocks the page (6.18.2's ext4_bio_write_folio).</summary>
        public bool CallerUnlocks { get; init; }

        /// <summary>The version's contract: an unprepared buffer submits the open bio (seed L57-58, 6.1.141 L494-495); 6.18.2 no longer does.</summary>
        public bool UnpreparedSubmitsOpenBio { get; init; } = true;
    }

    /// <summary>ext4_bio_write_page returning <paramref name="Ret"/> after submitting <paramref name="NrSubmitted"/> buffers.</summary>
    public sealed record ext4_bio_write_page_return(int Page, int Ret, int NrSubmitted) : PageEvent(Page);

    /// <summary>The error message of the writer's error path (seed L119).</summary>
    public sealed record printk_ratelimited(int Page, int Ret) : PageEvent(Page);

    /// <summary>congestion_wait before an encryption retry.</summary>
    public sealed record congestion_wait : KernelEvent;

    /// <summary>memalloc_retry_wait before an encryption retry (6.1 and later; congestion_wait before).</summary>
    public sealed record memalloc_retry_wait : KernelEvent;

    /// <summary>
    /// io_submit_add_bh: <paramref name="Bio"/> is the bio the buffer went into (null when it
    /// failed with <paramref name="Ret"/>); <paramref name="Bounce"/> the bounce page that carries
    /// it, <paramref name="Version"/> the data version it carries.
    /// </summary>
    public sealed record io_submit_add_bh(int Page, int Bh, long Block, int Ret, int? Bio, int? Bounce, int Version, int? IoEnd, bool Unwritten)
        : BufferEvent(Page, Bh, Block)
    {
        public bool Added => Bio is not null;
    }

    /// <summary>Entry of ext4_finish_bio for a bio.</summary>
    public sealed record ext4_finish_bio(int Bio, int Error) : KernelEvent;

    /// <summary>ext4_end_bio, the bio's end_io.</summary>
    public sealed record ext4_end_bio(int Bio, int IoEnd, int Error) : KernelEvent;

    /// <summary>ext4_put_io_end_defer, with the reference count left.</summary>
    public sealed record ext4_put_io_end_defer(int IoEnd, int Count) : KernelEvent;

    /// <summary>ext4_release_io_end: parked bios finished, the io_end freed.</summary>
    public sealed record ext4_release_io_end(int IoEnd) : KernelEvent;

    /// <summary>The conversion worker converting the io_end's unwritten extent (ext4_end_io).</summary>
    public sealed record ext4_convert_unwritten_extents(int IoEnd, long Offset, long Size) : KernelEvent;

    /// <summary>ext4_add_complete_io: the io_end queued for the conversion worker.</summary>
    public sealed record ext4_add_complete_io(int IoEnd) : KernelEvent;
}
