using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>fs/ext4/crypto.c of 4.4, write side: ext4_encrypt and ext4_restore_control_page.</summary>
public sealed partial class Linux
{
    /// <summary>ext4_encrypted_inode (fs/ext4/ext4.h).</summary>
    public static bool ext4_encrypted_inode(inode inode) => inode.Encryption != EncryptionMode.None;

    /// <summary>ext4_using_hardware_encryption (fs/ext4/ext4_ice.h of the seed's tree).</summary>
    public static bool ext4_using_hardware_encryption(inode inode) => inode.Encryption == EncryptionMode.Hardware;

    /// <summary>
    /// ext4_encrypt (crypto.c): a crypto ctx (ext4_get_crypto_ctx, a slab allocation that fails
    /// with -ENOMEM under memory pressure unless __GFP_NOFAIL), then a bounce page from
    /// ext4_bounce_page_pool with the caller's gfp (alloc_bounce_page), then the ciphertext copy.
    /// Returns the bounce page or ERR_PTR(-ENOMEM).
    /// </summary>
    public async ValueTask<page> ext4_encrypt(inode inode, page plaintext_page, gfp_t gfp_flags)
    {
        KernelBug.BUG_ON(inode.BlockSize != plaintext_page.Size && !Machine.Environment.SubPageEncryption && !Variant.Environment.SubPageEncryption,
            "software encryption with blocksize < PAGE_SIZE (4.4 refuses to mount this)");
        // ext4_get_crypto_ctx: kmem_cache_zalloc(ext4_crypto_ctx_cachep, gfp_flags)
        if (!Gfp.Nofail(gfp_flags) && Cpu.Fault(FaultSite.ext4_encrypt))
        {
            Trace(new Call.ext4_encrypt(plaintext_page.Id, gfp_flags, -Errno.ENOMEM, null, EncryptFailure.CryptoCtxAllocation));
            return page.ERR_PTR(-Errno.ENOMEM);
        }
        var ctx = new ext4_crypto_ctx { Id = Machine.NewCtxId() };
        // alloc_bounce_page: mempool_alloc(ext4_bounce_page_pool, gfp_flags)
        if (!await mempool_alloc(Machine.ext4_bounce_page_pool, gfp_flags))
        {
            // ext4_release_crypto_ctx(ctx) on the error path: the ctx goes back, nothing else held.
            Trace(new Call.ext4_encrypt(plaintext_page.Id, gfp_flags, -Errno.ENOMEM, null, EncryptFailure.BouncePoolEmpty));
            return page.ERR_PTR(-Errno.ENOMEM);
        }
        var ciphertext_page = new page
        {
            Id = Machine.NewBouncePageId(),
            Size = plaintext_page.Size,
            mapping = null,
            Ciphertext = !Variant.Breaks.BounceCarriesPlaintext,
            BounceOf = plaintext_page,
            Content = (int[])plaintext_page.Content.Clone(),
            ZeroedFrom = plaintext_page.ZeroedFrom,
        };
        await Cpu.CryptoRoundTripAsync();                                 // ext4_page_crypto: wait for the cipher
        ctx.bounce_page = ciphertext_page;
        ctx.control_page = plaintext_page;
        // SetPagePrivate; set_page_private(ciphertext_page, ctx); lock_page(ciphertext_page)
        ciphertext_page.PG_private = true;
        ciphertext_page.Private = ctx;
        ciphertext_page.PG_locked = true;
        Machine.LiveBouncePages[ciphertext_page.Id] = ciphertext_page;
        Trace(new Call.ext4_encrypt(plaintext_page.Id, gfp_flags, 0, ciphertext_page.Id, EncryptFailure.None));
        return ciphertext_page;
    }

    /// <summary>
    /// ext4_restore_control_page (crypto.c): detach the ctx from the bounce page, unlock it and
    /// release ctx and bounce page (mempool_free). Must happen exactly once per bounce page.
    /// </summary>
    public async ValueTask ext4_restore_control_page(page data_page)
    {
        var live = Machine.LiveBouncePages.ContainsKey(data_page.Id);
        Trace(new Call.ext4_restore_control_page(ControlPage(data_page).Id, data_page.Id, AlreadyFreed: !live));
        var ctx = data_page.Private;
        KernelBug.BUG_ON(ctx is null, $"NULL page_private of {data_page}: restored after it was freed");
        data_page.Private = null;
        data_page.PG_private = false;
        data_page.PG_locked = false;
        // ext4_release_crypto_ctx: mempool_free(ctx->w.bounce_page, ext4_bounce_page_pool)
        Machine.LiveBouncePages.Remove(data_page.Id);
        await mempool_free(Machine.ext4_bounce_page_pool);
    }
}
