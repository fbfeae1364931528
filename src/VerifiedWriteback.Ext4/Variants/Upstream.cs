using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Variants;

/// <summary>
/// The seed with the later upstream fixes: 4762cc3f (compare with -ENOMEM), 547c556f4db7
/// (GFP_NOWAIT while a bio is open; on failure submit it, wait and retry with GFP_NOFS) and an
/// infallible bio_alloc (io_submit_init_bio cannot fail).
/// </summary>
public sealed class Upstream : Variant
{
    public override string Name => "upstream";
    public override string Description => "seed plus upstream fixes 4762cc3f (-ENOMEM), 547c556f4db7 (GFP_NOWAIT retry), infallible bio_alloc";
    public override string? Commit => "4762cc3f, 547c556f4db7";

    public override gfp_t InitialEncryptGfp(ext4_io_submit io) =>
        io.io_bio is not null ? gfp_t.GFP_NOWAIT | gfp_t.__GFP_NOWARN : gfp_t.GFP_NOFS;

    public override bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == -Errno.ENOMEM && (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL);

    public override bool UpstreamRetryShape => true;

    public override bool BioAllocMayFail => false;
}
