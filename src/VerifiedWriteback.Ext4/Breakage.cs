namespace VerifiedWriteback.Ext4.Variants;

/// <summary>
/// Deliberate breakage of single kernel lines that no shipped variant changes, for tests only: a
/// test variant returns one of these from <see cref="Variant.Breaks"/> to show, through the actor
/// model, that the spec guarding that line fires. Every shipped variant uses <see cref="None"/>,
/// so each hook below is a test of a constant on the model's paths. Each member names the line
/// it breaks.
/// </summary>
public sealed record Breakage
{
    /// <summary>No breakage: the kernel as the variant says.</summary>
    public static Breakage None { get; } = new();

    /// <summary>io_submit_add_bh (page-io.c:401-403) never submits the open bio for a discontiguous block.</summary>
    public bool SkipsContiguityCheck { get; init; }

    /// <summary>Seed L57-58: a skipped (unprepared) buffer does not submit the open bio.</summary>
    public bool SkipsSubmitAtUnpreparedBuffer { get; init; }

    /// <summary>Seed L35-36: the tail past len is not zeroed.</summary>
    public bool SkipsTailZeroing { get; init; }

    /// <summary>Seed L48: a buffer past EOF keeps its dirty bit.</summary>
    public bool EofBufferKeepsDirty { get; init; }

    /// <summary>Seed L24: PG_error of an earlier failed writeback is not cleared.</summary>
    public bool SkipsClearPageError { get; init; }

    /// <summary>Seed L126: the page is not unlocked on the success path.</summary>
    public bool SkipsUnlock { get; init; }

    /// <summary>ext4_end_bio (page-io.c:335): an UNWRITTEN io_end's bio is finished at once instead of parked.</summary>
    public bool EndBioIgnoresUnwritten { get; init; }

    /// <summary>io_submit_init_bio (page-io.c:388): the bio takes no io_end reference (ext4_get_io_end skipped).</summary>
    public bool BioTakesNoIoEndReference { get; init; }

    /// <summary>ext4_finish_bio (page-io.c:93): SetPageError is not called for a failed bio.</summary>
    public bool FinishBioSkipsPageError { get; init; }

    /// <summary>ext4_encrypt (crypto.c): the bounce page carries the plaintext (the cipher is skipped).</summary>
    public bool BounceCarriesPlaintext { get; init; }

    /// <summary>Seed L84-85: the encryption retry does not submit the writer's own open bio first.</summary>
    public bool RetryKeepsOwnBioOpen { get; init; }

    /// <summary>The write pass (write_cache_pages): a data-integrity pass skips a page under writeback instead of waiting.</summary>
    public bool SyncPassSkipsPagesUnderWriteback { get; init; }

    /// <summary>__test_set_page_writeback (mm/page-writeback.c 4.4.178 L2777): TestSetPageWriteback skipped, PG_writeback stays clear.</summary>
    public bool StartWritebackLeavesFlagClear { get; init; }

    /// <summary>__test_set_page_writeback (L2785-2788): PG_dirty cleared along with the DIRTY tag (the tag's rule applied to the flag).</summary>
    public bool StartWritebackClearsDirty { get; init; }

    /// <summary>end_page_writeback (mm/filemap.c 4.4.178 L844; page-writeback.c L2739): PG_writeback is not cleared.</summary>
    public bool EndWritebackLeavesFlagSet { get; init; }

    /// <summary>clear_page_dirty_for_io (page-writeback.c L2712, L2722): PG_dirty is not cleared.</summary>
    public bool ClearDirtyForIoLeavesDirty { get; init; }

    /// <summary>redirty_page_for_writepage (page-writeback.c L2541): __set_page_dirty_nobuffers is skipped, the page stays clean.</summary>
    public bool RedirtyLeavesPageClean { get; init; }

    /// <summary>ext4_writepages' pass (fs/ext4/inode.c 4.4.178): mpage_submit_page's clear_page_dirty_for_io (L1958) runs before lock_page (L2434).</summary>
    public bool PassClearsDirtyBeforeLock { get; init; }
}
