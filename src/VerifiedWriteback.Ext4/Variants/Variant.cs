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

    /// <summary>The kernel source this variant follows: tree, commit, file and lines of its submission function.</summary>
    public virtual KernelSource Source => KernelSource.Seed;

    /// <summary>Which submission function runs: the seed's (and its small overrides), or another version's own file.</summary>
    public virtual SubmissionFunction Function => SubmissionFunction.Seed44;

    /// <summary>What this version's allocator and crypto allow to fail, and how (cited data; see <see cref="VersionEnvironment"/>).</summary>
    public virtual VersionEnvironment Environment => VersionEnvironment.Linux44;

    /// <summary>Seed L73: gfp of the first ext4_encrypt attempt.</summary>
    public virtual gfp_t InitialEncryptGfp(ext4_io_submit io) => gfp_t.GFP_NOFS;

    /// <summary>Seed L83: whether an encryption error is retried. The seed compares with ENOMEM,
    /// not -ENOMEM, so the retry never runs (finding F1).</summary>
    public virtual bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == Errno.ENOMEM && wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL;

    /// <summary>Seed L84-88 versus upstream 547c556f: upstream resets gfp to GFP_NOFS and adds
    /// __GFP_NOFAIL only when no bio was open, then waits for congestion either way.</summary>
    public virtual bool UpstreamRetryShape => false;

    /// <summary>io_submit_init_bio: whether the function checks bio_alloc for NULL at all (the seed L381-383 does; it cannot fail in any version, bio_alloc is mempool-backed).</summary>
    public virtual bool BioAllocMayFail => Environment.BioAllocChecked;

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

    /// <summary>Test-only breakage of single kernel lines (<see cref="Breakage"/>); every shipped variant has none.</summary>
    public virtual Breakage Breaks => Breakage.None;

    /// <summary>
    /// Whether fsync's wait turns PG_error into -EIO: 4.4's __filemap_fdatawait_range does
    /// (4.4.178 mm/filemap.c L411-412); 6.1.141 only clears it (L524-525) and reports through errseq.
    /// </summary>
    public virtual bool FdatawaitReportsPageError => Function == SubmissionFunction.Seed44;

    /// <summary>
    /// Whether the jbd2 data=ordered commit writes through write_cache_pages and ext4_writepage (4.4.178
    /// fs/jbd2/commit.c L193-205; 6.1.141 L190-206); 6.18.2 has no ext4_writepage and the commit runs
    /// ext4_do_writepages without mapping (fs/ext4/inode.c ext4_normal_submit_inode_data_buffers L3038-).
    /// </summary>
    public bool JournalCommitUsesWritepage => Function != SubmissionFunction.Mainline;

    /// <summary>
    /// Whether ext4 has a -&gt;writepage (ext4_writepage, Inode.Writepage.cs) that reclaim's pageout
    /// calls: 4.4.178 (fs/ext4/inode.c L1876; mm/vmscan.c L580-596) and 6.1.141 (inode.c L2023, aops
    /// L3673/L3691/L3708; mm/vmscan.c L1272-1287) do; 6.18.2 has none (inode.c L3979, L3995, L4011:
    /// only .writepages) and its pageout returns PAGE_ACTIVATE for any page neither shmem nor
    /// anonymous, its dirty bit untouched (mm/vmscan.c L717-718).
    /// </summary>
    public bool HasExt4Writepage => Function != SubmissionFunction.Mainline;

    /// <summary>
    /// Whether kswapd writes a dirty file page only when it meets it a second time (PG_reclaim set
    /// by the first meeting, which activates it instead): 6.1.141 mm/vmscan.c L1920-1935, 6.18.2
    /// L1423-1438. 4.4.178 writes it the first time, given ZONE_DIRTY (L1093-1106).
    /// </summary>
    public bool ReclaimWritesOnlyPagesSeenBefore => Function != SubmissionFunction.Seed44;

    /// <summary>Whether the submission function leaves the page locked for its caller to unlock (6.18.2's ext4_bio_write_folio; mpage_folio_done, fs/ext4/inode.c L2047-2051).</summary>
    public bool CallerUnlocksPage => Function == SubmissionFunction.Mainline;

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

/// <summary>Where a version's code is read: a public tree, the commit, the file and the lines of the function.</summary>
public sealed record KernelSource(string Tree, string Commit, string File, string Lines)
{
    /// <summary>The seed: the 4.4 Android tree's page-io.c as given.</summary>
    public static KernelSource Seed { get; } = new("OnePlusOSS/android_kernel_oneplus_msm8998", "9772b64e8d8dc247ac81b92896a5a61e9d9ca616", "fs/ext4/page-io.c", "ext4_bio_write_page L418-552");

    public override string ToString() => $"{Tree} @ {Commit[..12]} {File} {Lines}";
}

/// <summary>The submission functions the model has, one file each under Ext4/Linux.</summary>
public enum SubmissionFunction
{
    /// <summary>ext4_bio_write_page of the seed (PageIo.WritePage.cs), with the variant's overrides.</summary>
    Seed44,
    /// <summary>ext4_bio_write_page of 6.1.141 (PageIo.WritePage.Linux61.cs).</summary>
    Linux61,
    /// <summary>ext4_bio_write_folio of 6.18.2 (PageIo.WriteFolio.Mainline.cs).</summary>
    Mainline,
}

/// <summary>
/// A version's environment as cited data: which allocations on the submission path can fail,
/// under which gfp and context, and what the encryption can return. The model's fault sites follow
/// it: <see cref="BioAllocChecked"/> decides whether a bio_alloc fault exists at all; an encryption
/// fault is -ENOMEM where <see cref="EncryptionEnomem"/> says how that happens, and elsewhere stands
/// for an error the version's allocator cannot produce (the scenario then shows the code's shape, not a
/// reachable failure).
/// </summary>
public sealed record VersionEnvironment(string EncryptionEnomem, bool EncryptionCanReturnEnomem, bool BioAllocChecked, bool SubPageEncryption, string ReclaimWriter)
{
    /// <summary>4.4 (vanilla 4.4.178, MichaelTong/linux-4.4.178 @ 443dfc7e; the seed's own crypto.c is not stored, 4.4.178's stands in).</summary>
    public static VersionEnvironment Linux44 { get; } = new(
        "ext4_encrypt: ablkcipher_request_alloc = kmalloc(GFP_NOFS) on every call (fs/ext4/crypto.c L274-280), the ctx from a 128-entry free list then kmem_cache_zalloc (L118-129); a GFP_NOFS slab allocation fails only for a PF_MEMALLOC task (mm/page_alloc.c L3130-3132), an OOM victim (L3134-3136) or failslab with ignore-gfp-wait=N (mm/failslab.c L10, L19-20); the bounce page is a GFP_NOFS mempool_alloc that waits (mm/mempool.c L355-380)",
        EncryptionCanReturnEnomem: true, BioAllocChecked: true, SubPageEncryption: false,
        "kswapd (PF_MEMALLOC, mm/vmscan.c L3454) writes through pageout -> ext4_writepage (L585-598), and handle_write_error sets AS_EIO afterwards (L520-527)");

    /// <summary>6.1.141 (markbirss/linux-6.1.141 @ 594c96ad).</summary>
    public static VersionEnvironment Linux61 { get; } = new(
        "fscrypt_crypt_block: skcipher_request_alloc = kmalloc(gfp) per block (fs/crypto/crypto.c L121-123), same failure conditions as 4.4; the bounce page is a mempool_alloc (L50-53) that waits under GFP_NOFS",
        EncryptionCanReturnEnomem: true, BioAllocChecked: false, SubPageEncryption: true,
        "kswapd via pageout -> ext4_writepage (still ->writepage, fs/ext4/inode.c L2091/L2108), handle_write_error records the error (mm/vmscan.c L1084, L1289)");

    /// <summary>6.18.2 (gfunkmonk/linux-6.18.2 @ 062668f4).</summary>
    public static VersionEnvironment Mainline { get; } = new(
        "none: fscrypt_crypt_data_unit uses an on-stack request (fs/crypto/crypto.c L116) and the bounce page is a GFP_NOFS mempool_alloc (L61); only cipher errors and WARN paths (-EINVAL, L186-190) remain",
        EncryptionCanReturnEnomem: false, BioAllocChecked: false, SubPageEncryption: true,
        "none for ext4: reclaim writes only shmem and swap folios (mm/vmscan.c L647-665) and ext4 has no ->writepage");
}
