namespace VerifiedWriteback.Ext4.Variants;

/// <summary>H1: submit-as-you-mark, the code before 0058f9658c94 (3.10) introduced the two loops.</summary>
public sealed class H1SubmitAsYouMark : Variant
{
    public override string Name => "h1";
    public override string Description => "submit each buffer as it is marked: completion of the first ends writeback early";
    public override string? Commit => "0058f9658c94 (fix)";
    public override bool SubmitAsYouMark => true;
}

/// <summary>H2: writeback left set after a memory failure, before a54aa7610861.</summary>
public sealed class H2WritebackLeftSet : Variant
{
    public override string Name => "h2";
    public override string Description => "after an encryption failure the writer returns without ending writeback";
    public override string? Commit => "a54aa7610861 (fix)";
    public override bool EncryptFailureReachesWritebackEnd => false;
}

/// <summary>H3: dirty bits dropped for unprepared buffers, before "Make ext4_bio_writepage() handle unprepared buffers".</summary>
public sealed class H3DirtyDropped : Variant
{
    public override string Name => "h3";
    public override string Description => "delayed, unwritten and clean-skipped buffers lose their dirty bit without being written";
    public override string? Commit => "ext4: Make ext4_bio_writepage() handle unprepared buffers (2013, fix)";
    public override bool ClearsDirtyOfUnpreparedBuffers => true;
}

/// <summary>H4: ext4_finish_bio without BH_Uptodate_Lock: two completions of one page race.</summary>
public sealed class H4NoUptodateLock : Variant
{
    public override string Name => "h4";
    public override string Description => "ext4_finish_bio walks the buffers without BH_Uptodate_Lock";
    public override string? Commit => "BH_Uptodate_Lock in ext4_finish_bio (fix)";
    public override bool FinishBioTakesUptodateLock => false;
}

/// <summary>H5: plaintext to disk: the page-cache page goes to the bio instead of the bounce page.</summary>
public sealed class H5PlaintextToDisk : Variant
{
    public override string Name => "h5";
    public override string Description => "software-encrypted data submitted from the page-cache page, not the bounce page";
    public override string? Commit => "data_page ? data_page : page (fix)";
    public override bool SubmitsPlaintextPage => true;
}
