using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Scenarios;

/// <summary>
/// A named test scenario: the file(s) and their pages, the writeback context, the memory and
/// fault environment, and how many CPUs complete I/O. Declared in <see cref="ScenarioCatalog"/>.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public int PageSize { get; init; } = 4096;
    public int BlockSize { get; init; } = 4096;
    /// <summary>The pages of the (first) file, each a list of buffers.</summary>
    public required IReadOnlyList<IReadOnlyList<BufferState>> Pages { get; init; }
    /// <summary>i_size; defaults to the end of the last page.</summary>
    public long? ISize { get; init; }
    public EncryptionMode Encryption { get; init; }
    public bool SyncAll { get; init; }
    /// <summary>
    /// The writer is the jbd2 data=ordered commit (write_cache_pages with ext4_writepage), the one
    /// caller that passes keep_towrite = true; otherwise it is ext4_writepages, which never does.
    /// </summary>
    public bool JournalCommit { get; init; }
    /// <summary>The pass writes into unwritten extents: its io_end converts them on completion.</summary>
    public bool Unwritten { get; init; }
    public int PoolReserve { get; init; } = Machine.BOUNCE_POOL_RESERVE_4_4;
    public bool MemoryPressure { get; init; }
    /// <summary>How many times memory pressure flips during the run (an environment actor).</summary>
    public int PressureChanges { get; init; }
    public int EncryptFaults { get; init; }
    public int BioAllocFaults { get; init; }
    public int IoErrors { get; init; }
    public EnvironmentAssumptions Environment { get; init; } = EnvironmentAssumptions.Faithful;
    public int CompletionCpus { get; init; } = 1;
    /// <summary>Files, each with its own writer, sharing the device and the bounce pool.</summary>
    public int Files { get; init; } = 1;
    /// <summary>An fsync caller races the flusher on the first file.</summary>
    public bool Fsync { get; init; }
    /// <summary>
    /// After its pass the writer writes every page of its file again (a write(2) over the page:
    /// lock_page, its data buffers dirty with a new version, unlock_page), while the first pass's
    /// bios may still be in flight, and then runs a WB_SYNC_ALL pass, which meets pages still under
    /// writeback (it waits, then writes them again).
    /// </summary>
    public bool Rewrite { get; init; }
    /// <summary>
    /// kswapd (the <c>kswapd</c> CPU) reclaims this page of the first file while the writer runs:
    /// shrink_page_list meets it twice and may write it through pageout and ext4_writepage.
    /// </summary>
    public int? ReclaimPage { get; init; }

    public long EffectiveISize => ISize ?? (long)Pages.Count * PageSize;

    /// <summary>A stable digest of everything that shapes a run: a saved trace is only valid for the same one.</summary>
    public string Fingerprint()
    {
        var json = JsonSerializer.Serialize(new
        {
            Name, PageSize, BlockSize,
            Pages = Pages.Select(p => p.Select(b => new { F = b.Flags(), b.Block })),
            ISize = EffectiveISize, Encryption = Encryption.ToString(), SyncAll, JournalCommit, Unwritten,
            PoolReserve, MemoryPressure, PressureChanges, EncryptFaults, BioAllocFaults, IoErrors,
            Env = Environment.Name, CompletionCpus, Files, Fsync,
        });
        // Only a scenario that rewrites says so: the fingerprints of the others (and their saved traces) stay as they were.
        json += Rewrite ? "+rewrite" : "";
        json += ReclaimPage is { } reclaim ? $"+reclaim{reclaim}" : "";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant();
    }

    /// <summary>Rejects shapes the model cannot run: one line, for the user.</summary>
    public void Validate()
    {
        if (Pages.Count == 0 || Pages.Any(p => p.Count * BlockSize != PageSize))
        {
            throw new ArgumentException($"scenario {Name}: every page needs {PageSize / BlockSize} buffers");
        }
        if (Encryption == EncryptionMode.Software && BlockSize != PageSize && !Environment.SubPageEncryption)
        {
            throw new ArgumentException($"scenario {Name}: software encryption with blocksize < PAGE_SIZE needs the adversarial environment (4.4 refuses to mount)");
        }
        if (BioAllocFaults > 0 && !Environment.BioAllocMayFail)
        {
            throw new ArgumentException($"scenario {Name}: bio_alloc faults need the adversarial environment (bio_alloc(GFP_NOIO) never fails in 4.4)");
        }
        if (ReclaimPage is { } r && (r < 0 || r >= Pages.Count))
        {
            throw new ArgumentException($"scenario {Name}: reclaim page {r} is not a page of the file");
        }
        if (EffectiveISize <= (long)(Pages.Count - 1) * PageSize)
        {
            throw new ArgumentException($"scenario {Name}: i_size leaves the last page wholly past EOF");
        }
    }
}
