using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Variants;

/// <summary>
/// ext4_bio_write_page of Linux 6.1.141 (markbirss/linux-6.1.141 @ 594c96ad0a7adaaecd4fb5111410e00014dea0cc,
/// fs/ext4/page-io.c L433-569), its own file: PageIo.WritePage.Linux61.cs.
/// </summary>
public sealed class Linux61 : Variant
{
    public override string Name => "6.1";
    public override string Description => "ext4_bio_write_page of 6.1.141 LTS: writeback still starts before encryption; GFP_NOWAIT retry (547c556f4db7); failure redirties page and buffers";
    public override string? Commit => "547c556f4db7 present (page-io.c L523-539)";
    public override KernelSource Source { get; } = new("markbirss/linux-6.1.141", "594c96ad0a7adaaecd4fb5111410e00014dea0cc", "fs/ext4/page-io.c", "ext4_bio_write_page L433-569");
    public override SubmissionFunction Function => SubmissionFunction.Linux61;
    public override VersionEnvironment Environment => VersionEnvironment.Linux61;

    // The retry decision of L530-531, read by the model-based harness and the oracles.
    public override gfp_t InitialEncryptGfp(ext4_io_submit io) =>
        io.io_bio is not null ? gfp_t.GFP_NOWAIT | gfp_t.__GFP_NOWARN : gfp_t.GFP_NOFS;

    public override bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == -Errno.ENOMEM && (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL);
}

/// <summary>
/// ext4_bio_write_folio of Linux 6.18.2, today's mainline as stored (gfunkmonk/linux-6.18.2 @
/// 062668f4d006cf5f04ae3039b73ef7ecb4b62f49, fs/ext4/page-io.c L457-593), its own file:
/// PageIo.WriteFolio.Mainline.cs.
/// </summary>
public sealed class Mainline : Variant
{
    public override string Name => "6.18";
    public override string Description => "ext4_bio_write_folio of 6.18.2 (mainline): encrypts before starting writeback; a failure redirties without touching the page-cache tags";
    public override string? Commit => "547c556f4db7 present (page-io.c L549-565)";
    public override KernelSource Source { get; } = new("gfunkmonk/linux-6.18.2", "062668f4d006cf5f04ae3039b73ef7ecb4b62f49", "fs/ext4/page-io.c", "ext4_bio_write_folio L457-593");
    public override SubmissionFunction Function => SubmissionFunction.Mainline;
    public override VersionEnvironment Environment => VersionEnvironment.Mainline;

    public override gfp_t InitialEncryptGfp(ext4_io_submit io) =>
        io.io_bio is not null ? gfp_t.GFP_NOWAIT : gfp_t.GFP_NOFS;

    public override bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) =>
        ret == -Errno.ENOMEM && (io.io_bio is not null || wbc.sync_mode == writeback_sync_modes.WB_SYNC_ALL);
}
