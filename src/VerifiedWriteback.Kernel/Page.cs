namespace VerifiedWriteback.Kernel;

/// <summary>The page flags an mm call's contract is about (include/linux/page-flags.h PG_locked, PG_writeback, PG_dirty).</summary>
[Flags]
public enum PageFlags : byte
{
    None = 0,
    locked = 1 << 0,
    writeback = 1 << 1,
    dirty = 1 << 2,
}

/// <summary>A page's <see cref="PageFlags"/> just before and just after one mm call, read from the page by the call itself.</summary>
public readonly record struct PageFlagChange(PageFlags Before, PageFlags After);

/// <summary>
/// struct page (include/linux/mm_types.h) with the flags the writeback path reads and writes.
/// A page-cache page has a mapping; a bounce page (ciphertext copy made by ext4_encrypt) has none
/// and points back at its crypto context through page_private, as in 4.4.
/// </summary>
public sealed class page
{
    public const int PAGE_CACHE_SIZE_4K = 4096;

    /// <summary>Model identity, stable across runs: the page index for page-cache pages, 1000+n for bounce pages.</summary>
    public required int Id { get; init; }
    public long index { get; init; }
    public address_space? mapping { get; init; }
    public required int Size { get; init; }

    public bool PG_locked { get; set; }
    public bool PG_writeback { get; set; }
    public bool PG_dirty { get; set; }
    public bool PG_error { get; set; }
    public bool PG_private { get; set; }

    /// <summary>PG_locked, PG_writeback and PG_dirty as they are now.</summary>
    public PageFlags Flags =>
        (PG_locked ? PageFlags.locked : 0) | (PG_writeback ? PageFlags.writeback : 0) | (PG_dirty ? PageFlags.dirty : 0);

    /// <summary>
    /// PG_reclaim: set by reclaim on a page it wants freed as soon as its writeback ends (4.4.178
    /// mm/vmscan.c L595, L1027, L1103); end_page_writeback clears it (TestClearPageReclaim).
    /// </summary>
    public bool PG_reclaim { get; set; }

    /// <summary>
    /// PAGECACHE_TAG_DIRTY of the page's radix-tree slot. Set with PG_dirty by __set_page_dirty_nobuffers;
    /// cleared only by __test_set_page_writeback when the page is clean (clear_page_dirty_for_io leaves it).
    /// </summary>
    public bool TagDirty { get; set; }

    /// <summary>PAGECACHE_TAG_TOWRITE: copied from TagDirty by tag_pages_for_writeback; a WB_SYNC_ALL pass looks pages up by it.</summary>
    public bool TagTowrite { get; set; }

    /// <summary>PAGECACHE_TAG_WRITEBACK: set with PG_writeback, cleared by end_page_writeback; filemap_fdatawait looks pages up by it.</summary>
    public bool TagWriteback { get; set; }

    /// <summary>page_buffers(page): the ring of buffer heads, in offset order.</summary>
    public buffer_head[] Buffers { get; set; } = [];

    /// <summary>page_private of a bounce page: its ext4_crypto_ctx.</summary>
    public ext4_crypto_ctx? Private { get; set; }

    /// <summary>
    /// Model bookkeeping only, never read by a kernel function: the page-cache page this bounce
    /// page was encrypted from, kept after the kernel clears page_private so reports can name it.
    /// </summary>
    public page? BounceOf { get; init; }

    /// <summary>
    /// What the page's memory holds, one data version per block-sized slot. A user write bumps
    /// the version of a page-cache slot; a bounce page holds an encrypted copy taken at ext4_encrypt.
    /// </summary>
    public int[] Content { get; set; } = [];
    public bool Ciphertext { get; init; }

    /// <summary>Lowest byte offset from which the page is known to be zero (Size if none).</summary>
    public int ZeroedFrom { get; set; }

    /// <summary>Sleepers in wait_on_page_writeback.</summary>
    public wait_queue_head_t WritebackWait { get; } = new("PG_writeback");

    /// <summary>Sleepers in lock_page.</summary>
    public wait_queue_head_t LockWait { get; } = new("PG_locked");

    /// <summary>The error code if this object stands for ERR_PTR(err) rather than a page.</summary>
    public int ErrPtr { get; private init; }

    public static page ERR_PTR(int err) => new() { Id = -1, Size = 0, ErrPtr = err };

    public static bool IS_ERR(page? p) => p is not null && p.ErrPtr != 0;

    public static int PTR_ERR(page p) => p.ErrPtr;

    public bool IsBounce => mapping is null;

    public override string ToString() => IsBounce ? $"bounce#{Id}" : $"page#{Id}";
}

/// <summary>struct address_space: the inode's page cache, with its error bits (AS_EIO, AS_ENOSPC).</summary>
public sealed class address_space
{
    public required inode host { get; init; }
    public bool AS_EIO { get; set; }
    public bool AS_ENOSPC { get; set; }
}
