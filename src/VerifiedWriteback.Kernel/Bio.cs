namespace VerifiedWriteback.Kernel;

/// <summary>struct bio_vec: one segment of a bio.</summary>
public sealed class bio_vec
{
    public required page bv_page { get; init; }
    public required int bv_offset { get; init; }
    public int bv_len { get; set; }
}

/// <summary>
/// struct bio (include/linux/blk_types.h), reduced to what writeback needs: where it starts, its
/// segments, its completion error and its io_end (bi_private).
/// </summary>
public sealed class bio
{
    public required int Id { get; init; }
    /// <summary>bi_iter.bi_sector expressed in file-system blocks.</summary>
    public required long FirstBlock { get; init; }
    public required int MaxVecs { get; init; }
    /// <summary>The file-system block size of the buffers it carries (bh->b_size).</summary>
    public required int BlockSize { get; init; }
    public List<bio_vec> bi_io_vec { get; } = [];
    public int bi_error { get; set; }
    public ext4_io_end? bi_private { get; set; }
    public bool Submitted { get; set; }
    public bool WriteSync { get; set; }
    public bool Completed { get; set; }

    /// <summary>Total bytes in the bio.</summary>
    public int Size => bi_io_vec.Sum(v => v.bv_len);

    public override string ToString() => $"bio#{Id}";
}
