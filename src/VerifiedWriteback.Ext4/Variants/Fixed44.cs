using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Variants;

/// <summary>
/// The 4.4 function with the later fixes (formerly named "upstream"): the seed's statements with the
/// retry comparing -ENOMEM, as vanilla 4.4.178 already does (MichaelTong/linux-4.4.178 @
/// 443dfc7e93666adc78c5a9e9afcc242d83456e4c fs/ext4/page-io.c L495; the commit that fixed the sign
/// was not identified), plus 547c556f4db7 ("ext4: fix deadlock allocating crypto bounce page from
/// mempool": GFP_NOWAIT while a bio is open; on -ENOMEM submit it and retry with GFP_NOFS, adding
/// __GFP_NOFAIL only when no bio is open), which is NOT in 4.4.178 (its 4.4-stable backport failed
/// to apply; the shape is in 5.15.85 page-io.c L519-535 and 6.1.141 L523-539), and a bio_alloc
/// that cannot fail (bio_alloc(GFP_NOIO) is mempool-backed: 4.4.178 block/bio.c L400-403). It is
/// not any released kernel: it is the 4.4 function as it would be with those fixes applied.
/// </summary>
public sealed class Fixed44 : Variant
{
    public override string Name => "4.4-fixed";
    public override string Description => "the 4.4 function with the later fixes: -ENOMEM compare (as in 4.4.178), 547c556f4db7 (GFP_NOWAIT retry, not in 4.4.178), infallible bio_alloc";
    public override string? Commit => "547c556f4db7 (GFP_NOWAIT retry); -ENOMEM compare as in 4.4.178 (fixing commit not identified)";

    public override gfp_t InitialEncryptGfp(ext4_io_submit io) =>
        io.io_bio is not null ? gfp_t.GFP_NOWAIT | gfp_t.__GFP_NOWARN : gfp_t.GFP_NOFS;

    public override bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == -Errno.ENOMEM && (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL);

    public override bool UpstreamRetryShape => true;

    public override bool BioAllocMayFail => false;

    public override KernelSource Source { get; } = new("MichaelTong/linux-4.4.178", "443dfc7e93666adc78c5a9e9afcc242d83456e4c", "fs/ext4/page-io.c",
        "ext4_bio_write_page L417-542, with the retry of 5.15.85 page-io.c L519-535 (547c556f4db7)");
}
