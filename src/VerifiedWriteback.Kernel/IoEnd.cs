namespace VerifiedWriteback.Kernel;

/// <summary>
/// ext4_io_end_t (fs/ext4/ext4.h): the reference-counted tail of one writeback pass. With
/// EXT4_IO_END_UNWRITTEN its bios are parked on it until the extents are converted.
/// </summary>
public sealed class ext4_io_end
{
    public required int Id { get; init; }
    public required inode inode { get; init; }
    public bool EXT4_IO_END_UNWRITTEN { get; set; }
    public int count { get; set; }
    public long offset { get; set; }
    public long size { get; set; }
    /// <summary>Bios parked until conversion, newest first (the kernel's xchg list on io_end->bio).</summary>
    public List<bio> bio { get; } = [];
    public bool Released { get; set; }
    public bool Converted { get; set; }

    public override string ToString() => $"io_end#{Id}";
}

/// <summary>struct ext4_io_submit (fs/ext4/ext4.h): the bio being built by a writeback pass.</summary>
public sealed class ext4_io_submit
{
    public required writeback_control io_wbc { get; init; }
    public bio? io_bio { get; set; }
    public ext4_io_end? io_end { get; set; }
    public long io_next_block { get; set; }
}

public enum writeback_sync_modes
{
    WB_SYNC_NONE,
    WB_SYNC_ALL,
}

/// <summary>struct writeback_control (include/linux/writeback.h).</summary>
public sealed class writeback_control
{
    public writeback_sync_modes sync_mode { get; init; }
    /// <summary>tagged_writepages: a WB_SYNC_NONE pass that still tags and looks up TOWRITE (livelock avoidance).</summary>
    public bool tagged_writepages { get; init; }
    public long pages_skipped { get; set; }
    /// <summary>for_reclaim: the pass is reclaim's pageout (4.4.178 mm/vmscan.c L592), one page.</summary>
    public bool for_reclaim { get; init; }
}

/// <summary>struct ext4_crypto_ctx (fs/ext4/ext4_crypto.h), write side only.</summary>
public sealed class ext4_crypto_ctx
{
    public required int Id { get; init; }
    public page? bounce_page { get; set; }
    public page? control_page { get; set; }
}
