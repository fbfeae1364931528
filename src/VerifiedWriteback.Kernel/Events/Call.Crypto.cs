namespace VerifiedWriteback.Kernel;

/// <summary>Why ext4_encrypt failed.</summary>
public enum EncryptFailure
{
    None,
    /// <summary>ext4_get_crypto_ctx's allocation failed.</summary>
    CryptoCtxAllocation,
    /// <summary>mempool_alloc of the bounce page failed (a gfp that may not sleep).</summary>
    BouncePoolEmpty,
}

/// <summary>fs/ext4/crypto.c, write side.</summary>
public static partial class Call
{
    /// <summary>ext4_encrypt of <paramref name="Page"/> with <paramref name="Gfp"/>: the bounce page, or the error and why.</summary>
    public sealed record ext4_encrypt(int Page, gfp_t Gfp, int Ret, int? Bounce, EncryptFailure Failure) : PageEvent(Page);

    /// <summary>ext4_restore_control_page: the bounce page of <paramref name="Page"/> freed; <paramref name="AlreadyFreed"/> is a double free.</summary>
    public sealed record ext4_restore_control_page(int Page, int Bounce, bool AlreadyFreed) : PageEvent(Page);
}
