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
    public override string? Commit => "0058f9658c94 \"ext4: make ext4_bio_write_page() use BH_Async_Write flags\" (introduced the mark-all-first loop)";
    public override bool SubmitAsYouMark => true;
}

/// <summary>
/// H2: writeback left set after a memory failure, fixed by a54aa7610861 ("ext4: don't leave
/// PageWriteback set after memory failure", Theodore Ts'o). There the failing allocation was the
/// ext4_io_page (gone since v3.10); the model puts the same early return after the only
/// allocation that can fail in 4.4 before anything is submitted, ext4_encrypt.
/// </summary>
public sealed class H2WritebackLeftSet : Variant
{
    public override string Name => "h2";
    public override string Description => "after an encryption failure the writer returns without ending writeback";
    public override string? Commit => "a54aa7610861 \"ext4: don't leave PageWriteback set after memory failure\" (fix)";
    public override bool EncryptFailureReachesWritebackEnd => false;
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
}

/// <summary>
/// H4: ext4_finish_bio without BH_Uptodate_Lock. The lock came with BH_Async_Write completion in
/// 0058f9658c94 itself (ext4_end_bio at that commit takes it around the buffer walk; the code
/// before it had neither). Its protection was later found defeated by non-atomic b_state updates
/// and restored by ed8ad83808f0 ("ext4: fix bh->b_state corruption", Jan Kara, 2016).
/// </summary>
public sealed class H4NoUptodateLock : Variant
{
    public override string Name => "h4";
    public override string Description => "ext4_finish_bio walks the buffers without BH_Uptodate_Lock";
    public override string? Commit => "0058f9658c94 (introduced BH_Uptodate_Lock in ext4_end_bio); ed8ad83808f0 \"ext4: fix bh->b_state corruption\" (lock bit corruption fix)";
    public override bool FinishBioTakesUptodateLock => false;
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
}
