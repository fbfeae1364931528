namespace VerifiedWriteback.Properties.Oracle;

/// <summary>How an encryption failure (ERR_PTR(-ENOMEM) from ext4_encrypt) is handled.</summary>
public enum EncryptRetry
{
    /// <summary>Never retried: the seed as written, whose L83 compares with ENOMEM, not -ENOMEM (F1).</summary>
    Never,
    /// <summary>The seed as intended by c9af28fdd449: under WB_SYNC_ALL submit the open bio, then retry with __GFP_NOFAIL.</summary>
    SyncAllWithNofail,
    /// <summary>Upstream 547c556f4db7: GFP_NOWAIT while a bio is open; on failure submit it and retry with GFP_NOFS, or with __GFP_NOFAIL under WB_SYNC_ALL when none is open.</summary>
    Upstream,
}

/// <summary>
/// One rule of the oracle turned upside down, to show that a property notices (docs/PROPERTIES.md,
/// "Each property can fail"). None is the oracle itself.
/// </summary>
[Flags]
public enum OracleFlip
{
    None = 0,
    /// <summary>Buffers rule: a hole keeps its dirty bit (seed L55-56 says it is cleared).</summary>
    HoleKeepsDirty = 1 << 0,
    /// <summary>Buffers rule: a buffer past EOF is not made uptodate (L49 says it is).</summary>
    PastEofNotUptodate = 1 << 1,
    /// <summary>Page rule: the writer never ends writeback itself (L128-129 say it does when nothing was submitted).</summary>
    WriterNeverEndsWriteback = 1 << 2,
    /// <summary>Page rule: keep_towrite is ignored, the TOWRITE tag is always cleared (L20-23).</summary>
    TowriteAlwaysCleared = 1 << 3,
    /// <summary>Bios rule: software-encrypted data goes out from the page-cache page (L100-101 hand over data_page).</summary>
    PlaintextForSoftwareEncryption = 1 << 4,
    /// <summary>Bios rule: an unprepared buffer does not submit the open bio (L57-58 say it does).</summary>
    OpenBioSurvivesUnprepared = 1 << 5,
}

/// <summary>The behaviour the oracle predicts: a variant's intent, plus any deliberately flipped rule.</summary>
public sealed record OracleSemantics(string Name, EncryptRetry EncryptRetry, bool BioAllocMayFail, bool ErrorPathFreesBounceInFlight, OracleFlip Flips = OracleFlip.None)
{
    /// <summary>4.4-fixed: the -ENOMEM compare (as in 4.4.178; the fixing commit was not identified), 547c556f4db7, and bio_alloc that cannot fail.</summary>
    public static OracleSemantics Upstream { get; } = new("4.4-fixed", EncryptRetry.Upstream, BioAllocMayFail: false, ErrorPathFreesBounceInFlight: false);

    /// <summary>
    /// The seed as its authors meant it: the WB_SYNC_ALL retry works, and a bounce page is freed only
    /// when no bio holds it. Where the seed differs from this, a known finding applies.
    /// </summary>
    public static OracleSemantics SeedIntended { get; } = new("seed (intended)", EncryptRetry.SyncAllWithNofail, BioAllocMayFail: true, ErrorPathFreesBounceInFlight: false);

    /// <summary>The seed as written: no retry (F1), and the error path frees the bounce page even while a bio holds it (F4).</summary>
    public static OracleSemantics SeedAsWritten { get; } = new("seed (as written)", EncryptRetry.Never, BioAllocMayFail: true, ErrorPathFreesBounceInFlight: true);

    public bool Has(OracleFlip flip) => (Flips & flip) != 0;

    public OracleSemantics With(OracleFlip flip) => flip == OracleFlip.None ? this : this with { Name = $"{Name} with {flip} flipped", Flips = Flips | flip };
}
