using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;
using static VerifiedWriteback.Kernel.BufferFlags;

namespace VerifiedWriteback.Actors.Scenarios;

/// <summary>
/// Every named scenario, declared in one place (in the spirit of P's test declarations). What each
/// variant is expected to do in each scenario is in coyote.json, the sweep's matrix.
/// </summary>
public static class ScenarioCatalog
{
    /// <summary>A buffer handed to writeback with these state bits, at this block (0: none, a hole).</summary>
    private static BufferState Buffer(BufferFlags flags, long block = 0) => BufferState.Of(flags, block);

    /// <summary>The usual buffer: dirty data on a mapped block.</summary>
    private static readonly BufferState Data = Buffer(dirty | mapped | uptodate);

    /// <summary>Dirty, mapped, uptodate buffers at the given blocks.</summary>
    private static IReadOnlyList<BufferState> Page(params long[] blocks) => blocks.Select(b => Data with { Block = b }).ToArray();

    /// <summary>n pages of k buffers each on consecutive blocks from first.</summary>
    private static IReadOnlyList<IReadOnlyList<BufferState>> Contiguous(int n, int k, long first) =>
        Enumerable.Range(0, n).Select(p => Page(Enumerable.Range(0, k).Select(i => first + (p * k) + i).ToArray())).ToArray();

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new()
        {
            Name = "sync-enomem",
            Description = "fsync-style WB_SYNC_ALL writeback of a software-encrypted page while memory is short: the crypto ctx allocation fails once (F1)",
            Pages = Contiguous(1, 1, 100), Encryption = EncryptionMode.Software, SyncAll = true,
            MemoryPressure = true, EncryptFaults = 1,
        },
        new()
        {
            Name = "pool-deadlock",
            Description = "three encrypted pages on consecutive blocks, bounce pool of 2, memory short: the writer needs a third bounce page while its own open bio holds the two (F2)",
            Pages = Contiguous(3, 1, 100), Encryption = EncryptionMode.Software, PoolReserve = 2, MemoryPressure = true,
        },
        new()
        {
            Name = "bioalloc-subpage",
            Description = "4 x 1K buffers, the second on a discontiguous block, bio_alloc may fail once (adversarial): the error path races completion of the first bio (F3)",
            BlockSize = 1024, Pages = [Page(100, 200, 201, 202)], BioAllocFaults = 1,
            Environment = EnvironmentAssumptions.Adversarial,
        },
        new()
        {
            Name = "bioalloc-encrypt-subpage",
            Description = "as bioalloc-subpage with software encryption on 1K blocks (adversarial): the error path frees the bounce page a submitted bio still holds (F4)",
            BlockSize = 1024, Pages = [Page(100, 200, 201, 202)], BioAllocFaults = 1, Encryption = EncryptionMode.Software,
            Environment = EnvironmentAssumptions.Adversarial,
        },
        new()
        {
            Name = "contiguous-pages",
            Description = "three pages of 4 x 1K buffers on consecutive blocks with a hole, a delayed and a clean buffer, EOF inside the last page, two completion CPUs",
            BlockSize = 1024,
            Pages =
            [
                Page(100, 101, 102, 103),
                [Data with { Block = 104 }, Buffer(dirty), Data with { Block = 106 }, Buffer(dirty | mapped | uptodate | delay, 107)],
                [Data with { Block = 108 }, Buffer(mapped | uptodate, 109), Data with { Block = 110 }, Data with { Block = 111 }],
            ],
            ISize = (2 * 4096) + 2500, CompletionCpus = 2,
        },
        new()
        {
            Name = "discontiguous-subpage",
            Description = "one page of 4 x 1K buffers on scattered blocks: four bios, completed on two CPUs in any order",
            BlockSize = 1024, Pages = [Page(100, 300, 500, 700)], CompletionCpus = 2,
        },
        new()
        {
            Name = "unprepared-buffers",
            Description = "a page whose dirty buffers are delayed, unwritten, mapped-new and a hole: only the mapped one is written, the others stay dirty",
            BlockSize = 1024,
            Pages = [[Buffer(dirty | mapped | uptodate | delay, 100), Buffer(dirty | mapped | uptodate | unwritten, 101), Buffer(dirty | mapped | @new, 102), Buffer(dirty)]],
        },
        new()
        {
            Name = "encrypted-writeback",
            Description = "two software-encrypted pages on consecutive blocks, plenty of memory: data goes to disk only as ciphertext",
            Pages = Contiguous(2, 1, 100), Encryption = EncryptionMode.Software,
        },
        new()
        {
            Name = "hardware-encryption",
            Description = "two ICE (inline crypto) pages: the page itself goes to disk, no bounce page",
            Pages = Contiguous(2, 1, 100), Encryption = EncryptionMode.Hardware,
        },
        new()
        {
            Name = "encrypt-enomem-background",
            Description = "background (WB_SYNC_NONE) writeback of an encrypted page while memory is short: encryption fails once; the page must be redirtied and leave writeback",
            Pages = Contiguous(1, 1, 100), Encryption = EncryptionMode.Software, MemoryPressure = true, EncryptFaults = 1,
        },
        new()
        {
            Name = "unwritten-conversion",
            Description = "two pages written into unwritten extents: bios park on the io_end until the conversion worker converts, on two completion CPUs",
            BlockSize = 1024, Pages = Contiguous(2, 4, 100), Unwritten = true, CompletionCpus = 2,
        },
        new()
        {
            Name = "io-errors",
            Description = "two pages of 2 x 2K buffers, one bio may fail with -EIO: the error must be reported (PageError, AS_EIO)",
            BlockSize = 2048, Pages = [Page(100, 101), Page(300, 301)], IoErrors = 1, CompletionCpus = 2,
        },
        new()
        {
            Name = "fsync-race",
            Description = "the flusher (ext4_writepages, WB_SYNC_NONE, no keep_towrite) and an fsync (WB_SYNC_ALL) write the same two pages: fsync waits on writeback and must find its data on disk",
            Pages = Contiguous(2, 1, 100), Fsync = true, CompletionCpus = 2,
        },
        new()
        {
            Name = "shared-pool",
            Description = "two files written by two flushers, software-encrypted, sharing a bounce pool of 2 under memory pressure",
            Pages = Contiguous(2, 1, 100), Encryption = EncryptionMode.Software, PoolReserve = 2, MemoryPressure = true, Files = 2,
        },
        new()
        {
            Name = "pressure-changes",
            Description = "three encrypted pages, bounce pool of 2, memory short, fine, then short again while the writer runs (three changes), encryption may fail once",
            Pages = Contiguous(3, 1, 100), Encryption = EncryptionMode.Software, PoolReserve = 2, PressureChanges = 3, EncryptFaults = 1,
        },
        new()
        {
            Name = "fsync-bg-enomem",
            Description = "an fsync starts while the flusher writes an encrypted page; the flusher's encryption fails once with -ENOMEM (WB_SYNC_NONE: not retried, page redirtied): fsync waits for that writeback and returns 0 with the data not on disk (candidate finding F5, found by the generated-scenario property)",
            Pages = Contiguous(1, 1, 100), Encryption = EncryptionMode.Software, MemoryPressure = true, EncryptFaults = 1, Fsync = true,
        },
        new()
        {
            Name = "journal-commit-keepwrite",
            Description = "a data=ordered journal commit (write_cache_pages, ext4_writepage) writes a page it cannot write whole (a delayed buffer among three mapped ones): WB_SYNC_ALL with keep_towrite, so the page must stay tagged TOWRITE",
            BlockSize = 1024,
            Pages = [[Buffer(dirty | mapped | uptodate | delay, 100), Data with { Block = 101 }, Data with { Block = 102 }, Data with { Block = 103 }]],
            SyncAll = true, JournalCommit = true,
        },
        new()
        {
            Name = "eof-on-block-boundary",
            Description = "EOF exactly at a block boundary inside the page (i_size 2048, 1K blocks): the two buffers past it are cleaned, never written",
            BlockSize = 1024, Pages = [Page(100, 101, 102, 103)], ISize = 2048,
        },
        new()
        {
            Name = "rewrite-under-writeback",
            Description = "the flusher writes two pages, the file is written again while their bios may still be in flight, then a WB_SYNC_ALL pass: it meets pages still under writeback, waits, and writes them again because they are dirty",
            Pages = Contiguous(2, 1, 100), Rewrite = true,
        },
        new()
        {
            Name = "rewrite-after-io-error",
            Description = "two pages of 2 x 2K buffers, one bio may fail with -EIO, then the file is written again and synced: a failed write followed by a rewrite, whose success must not leave the old PG_error",
            BlockSize = 2048, Pages = [Page(100, 101), Page(300, 301)], IoErrors = 1, Rewrite = true, CompletionCpus = 2,
        },
        new()
        {
            Name = "unwritten-shared-io-end",
            Description = "two pages of 4 x 1K buffers into unwritten extents on three runs of blocks: three bios share one io_end, completed on two CPUs while the writer is still submitting; conversion and release only after the last",
            BlockSize = 1024, Pages = [Page(100, 101, 300, 301), Page(302, 500, 501, 502)], Unwritten = true, CompletionCpus = 2,
        },
        new()
        {
            Name = "hole-between-contiguous-blocks",
            Description = "a page of 4 x 1K buffers whose hole (bh1) separates two buffers on consecutive blocks (100, 101): one bio, two segments of the page, because bio_add_page merges only adjacent ranges",
            BlockSize = 1024, Pages = [[Data with { Block = 100 }, new(true, false, false, false, false, false, 0), Data with { Block = 101 }, Data with { Block = 102 }]],
        },
        new()
        {
            Name = "reclaim-pool-deadlock",
            Description = "kswapd reclaims the second of two encrypted pages while the flusher writes both, bounce pool of 1, memory short: kswapd holds the page lock and sleeps in mempool_alloc(GFP_NOFS) for a bounce page, the flusher's open bio holds the pool's page while it sleeps in lock_page on kswapd's page",
            Pages = Contiguous(2, 1, 100), Encryption = EncryptionMode.Software, PoolReserve = 1, MemoryPressure = true, ReclaimPage = 1,
        },
        new()
        {
            Name = "reclaim-encrypt-enomem",
            Description = "kswapd (PF_MEMALLOC) and the flusher race on one encrypted page while memory is short; the encryption fails once with -ENOMEM: when kswapd's ext4_writepage fails, pageout's handle_write_error records the -ENOMEM on the mapping (AS_EIO in 4.4) although no I/O failed and the page was redirtied",
            Pages = Contiguous(1, 1, 100), Encryption = EncryptionMode.Software, MemoryPressure = true, EncryptFaults = 1, ReclaimPage = 0,
        },
        new()
        {
            Name = "reclaim-fsync-subpage",
            Description = "a page of 4 x 1K buffers on two runs of blocks: kswapd writes it through ext4_writepage (keep_towrite false) while the flusher and an fsync pass over it; fsync must wait for kswapd's bios and find its data on disk",
            BlockSize = 1024, Pages = [Page(100, 300, 301, 302)], Fsync = true, ReclaimPage = 0,
        },
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static string Names => string.Join(", ", All.Select(s => s.Name));
}
