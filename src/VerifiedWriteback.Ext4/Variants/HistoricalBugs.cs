namespace VerifiedWriteback.Ext4.Variants;

// The historical bugs of ext4_bio_write_page (docs/KERNEL-MODEL.md, H1-H5), each one overridden member
// of Variant. Commit ids below were checked against stored copies of the upstream history
// (torvalds/linux fs/ext4/page-io.c at the cited commit, and the commit messages); where no id
// could be found the subject or the line is cited instead and the comment says so. FINDINGS.md
// lists what was checked and how.

/// <summary>
/// H1: submit-as-you-mark. 0058f9658c94 ("ext4: make ext4_bio_write_page() use BH_Async_Write
/// flags", Jan Kara, v3.10) made completion end writeback when no buffer of the page is still
/// BH_Async_Write, and for that reason marks every buffer before submitting any (its own comment
/// says so). Before it, page writeback ended through an io_page reference the writer held, so the
/// one-loop shape was safe; H1 is that one-loop shape combined with BH_Async_Write completion,
/// the hazard the two loops exist to prevent.
/// </summary>
public sealed class H1SubmitAsYouMark : Variant
{
    public override string Name => "h1";
    public override string Description => "submit each buffer as it is marked: completion of the first ends writeback early";
    public override string? Commit => "0058f9658c94 \"ext4: make ext4_bio_write_page() use BH_Async_Write flags\" (writeback ends when no buffer is BH_Async_Write; message read, diff not read)";
    public override bool SubmitAsYouMark => true;
    public override KernelSource Source => KernelSource.Seed with { Lines = "ext4_bio_write_page, overriding seed function lines L65-66 (first loop submits as it marks)" };
}

/// <summary>
/// H2: writeback left set after a memory failure, fixed by a54aa7610861 ("ext4: don't leave
/// PageWriteback set after memory failure", Theodore Ts'o), whose diff moves set_page_writeback
/// and ClearPageError after the kmem_cache_alloc of the ext4_io_page. The model has no ext4_io_page;
/// it puts the same hang (an early return with PG_writeback set) after the allocation that can fail
/// in 4.4 before anything is submitted, ext4_encrypt: an analogy, not the commit's literal shape.
/// </summary>
public sealed class H2WritebackLeftSet : Variant
{
    public override string Name => "h2";
    public override string Description => "after an encryption failure the writer returns without ending writeback";
    public override string? Commit => "a54aa7610861 \"ext4: don't leave PageWriteback set after memory failure\" (fix: set_page_writeback moved after the ext4_io_page allocation; H2 is the same hang by a missing end_page_writeback)";
    public override bool EncryptFailureReachesWritebackEnd => false;
    public override KernelSource Source => KernelSource.Seed with { Lines = "ext4_bio_write_page, overriding seed function line L92 (early return before L128-129)" };
}

/// <summary>
/// H3: dirty bits dropped for unprepared buffers. Before "ext4: Make ext4_bio_writepage() handle
/// unprepared buffers" (Jan Kara, 2013, v3.10 cycle) the loop cleared the dirty bit of every
/// buffer below len before io_submit_add_bh, which skipped delayed and unmapped ones: their data
/// was no longer dirty anywhere. The commit id of that patch was not found in the stored history;
/// the patch text and the pre-fix page-io.c were.
/// </summary>
public sealed class H3DirtyDropped : Variant
{
    public override string Name => "h3";
    public override string Description => "delayed, unwritten and clean-skipped buffers lose their dirty bit without being written";
    public override string? Commit => "\"ext4: Make ext4_bio_writepage() handle unprepared buffers\" (Jan Kara, 2013, fix; commit id not found)";
    public override bool ClearsDirtyOfUnpreparedBuffers => true;
    public override KernelSource Source => KernelSource.Seed with { Lines = "ext4_bio_write_page, overriding seed function lines L55-56" };
}

/// <summary>
/// H4: ext4_finish_bio without BH_Uptodate_Lock (4.4.178 fs/ext4/page-io.c L100-101, L113-114 take
/// it). ed8ad83808f0 ("ext4: fix bh->b_state corruption", Jan Kara, 2016) did not restore the lock:
/// it made _ext4_get_block and ext4_da_get_block_prep update b_state atomically, because their
/// non-atomic updates could set or clear the lock bit ext4_finish_bio uses. Which commit introduced
/// the lock was not verified.
/// </summary>
public sealed class H4NoUptodateLock : Variant
{
    public override string Name => "h4";
    public override string Description => "ext4_finish_bio walks the buffers without BH_Uptodate_Lock";
    public override string? Commit => "ed8ad83808f0 \"ext4: fix bh->b_state corruption\" (non-atomic b_state updates elsewhere could flip the BH_Uptodate_Lock bit ext4_finish_bio relies on)";
    public override bool FinishBioTakesUptodateLock => false;
    public override KernelSource Source => KernelSource.Seed with { Lines = "ext4_bio_write_page, overriding ext4_finish_bio page-io.c:101-115 (no BH_Uptodate_Lock)" };
}

/// <summary>
/// H5: plaintext to disk: the page-cache page goes to io_submit_add_bh instead of the bounce page
/// (seed L100-101, data_page ? data_page : page). No upstream commit that fixed such a bug was
/// found; this is the crypto write path's central line negated.
/// </summary>
public sealed class H5PlaintextToDisk : Variant
{
    public override string Name => "h5";
    public override string Description => "software-encrypted data submitted from the page-cache page, not the bounce page";
    public override string? Commit => "none found (seed L100-101 data_page ? data_page : page, negated)";
    public override bool SubmitsPlaintextPage => true;
    public override KernelSource Source => KernelSource.Seed with { Lines = "ext4_bio_write_page, overriding seed function lines L100-101" };
}
