namespace VerifiedWriteback.Kernel;

public enum EncryptionMode
{
    /// <summary>Not an encrypted inode.</summary>
    None,
    /// <summary>ext4 crypto: data goes through a bounce page with ciphertext.</summary>
    Software,
    /// <summary>Qualcomm ICE: ext4_using_hardware_encryption(); the page itself goes to disk.</summary>
    Hardware,
}

/// <summary>struct inode with the ext4 fields the path reads.</summary>
public sealed class inode
{
    public required long i_ino { get; init; }
    public required int i_blkbits { get; init; }
    public long i_size { get; set; }
    public bool S_ISREG { get; init; } = true;
    public EncryptionMode Encryption { get; init; }
    public address_space i_mapping { get; set; } = null!;

    /// <summary>i_rsv_conversion_list: io_ends waiting for the conversion worker.</summary>
    public List<ext4_io_end> i_rsv_conversion_list { get; } = [];

    public int BlockSize => 1 << i_blkbits;
}
