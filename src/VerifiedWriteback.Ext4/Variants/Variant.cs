using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Variants;

/// <summary>
/// A named version of ext4_bio_write_page and its partners. The base class is the seed, exactly
/// as given; every variant overrides one or two of the members below, each a decision the seed
/// makes at a cited line, so a variant reads as a small diff against the seed.
/// </summary>
public abstract class Variant
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>The upstream commit that introduced or fixed the difference, if any.</summary>
    public virtual string? Commit => null;

    /// <summary>Seed L73: gfp of the first ext4_encrypt attempt.</summary>
    public virtual gfp_t InitialEncryptGfp(ext4_io_submit io) => gfp_t.GFP_NOFS;

    /// <summary>Seed L83: whether an encryption error is retried. The seed compares with ENOMEM,
    /// not -ENOMEM, so the retry never runs (finding F1).</summary>
    public virtual bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == Errno.ENOMEM && wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL;

    /// <summary>Seed L84-88 versus upstream 547c556f: upstream resets gfp to GFP_NOFS and adds
    /// __GFP_NOFAIL only when no bio was open, then waits for congestion either way.</summary>
    public virtual bool UpstreamRetryShape => false;

    /// <summary>io_submit_init_bio: whether bio_alloc may return NULL at all (upstream made it infallible).</summary>
    public virtual bool BioAllocMayFail => true;

    /// <summary>L35-36: the part of the page past len is zeroed before it goes to disk (every version does).</summary>
    public virtual bool ZeroesTailPastEof => true;

    /// <summary>H1: each buffer is submitted as soon as it is marked, in the first loop (L65-66).</summary>
    public virtual bool SubmitAsYouMark => false;

    /// <summary>H2: after an encryption failure the writer ends writeback itself (L128-129 reached via L92).</summary>
    public virtual bool EncryptFailureReachesWritebackEnd => true;

    /// <summary>H3: the unprepared-buffer branch (L52-59) clears the dirty bit of every buffer, not only holes.</summary>
    public virtual bool ClearsDirtyOfUnpreparedBuffers => false;

    /// <summary>H4: ext4_finish_bio takes BH_Uptodate_Lock around its buffer walk (page-io.c:101-115).</summary>
    public virtual bool FinishBioTakesUptodateLock => true;

    /// <summary>H5: the page-cache page, not the bounce page, is handed to io_submit_add_bh (L100-101).</summary>
    public virtual bool SubmitsPlaintextPage => false;

    /// <summary>
    /// Whether fsync's wait turns PG_error into -EIO: 4.4's __filemap_fdatawait_range does
    /// (4.4.178 mm/filemap.c L411-412); 6.1.141 only clears it (L524-525) and reports through errseq.
    /// </summary>
    public virtual bool FdatawaitReportsPageError => true;

    /// <summary>
    /// Whether a WB_SYNC_ALL pass retries an encryption -ENOMEM until it succeeds. Derived from the
    /// retry decision at L83 (no open bio, WB_SYNC_ALL): false for the seed (F1).
    /// </summary>
    public bool SyncPassRetriesEncryptionEnomem =>
        EncryptRetryWanted(-Errno.ENOMEM, new ext4_io_submit { io_wbc = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL } },
            new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL });

    /// <summary>
    /// Whether a writer can sleep in mempool_alloc(GFP_NOFS) for a bounce page while its own open bio
    /// holds pool pages (F2's shape): the first attempt uses GFP_NOFS even with a bio open.
    /// </summary>
    public bool SleepsForBouncePageWithOwnBioOpen =>
        Gfp.gfpflags_allow_blocking(InitialEncryptGfp(new ext4_io_submit { io_wbc = new writeback_control(), io_bio = new bio { Id = 0, FirstBlock = 0, MaxVecs = 1, BlockSize = 4096 } }));

    public override string ToString() => Name;
}
