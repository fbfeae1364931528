using System.Text.Json;
using System.Text.Json.Nodes;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>How hard the allocator is pressed (Machine.MemoryPressure and the crypto ctx slab).</summary>
public enum Pressure
{
    /// <summary>Allocations succeed.</summary>
    None,
    /// <summary>The page allocator fails without reclaim: bounce pages come from the pool's reserve only.</summary>
    PoolOnly,
    /// <summary>As PoolOnly, and the crypto ctx allocation fails unless __GFP_NOFAIL.</summary>
    Full,
}

/// <summary>One inode of several pages: geometry, encryption, which blocks are allocated, the bounce pool's reserve.</summary>
public sealed record ScenarioConfig(
    string Variant, int Pages, int BlockSize, int LastPageLen, EncryptionMode Encryption,
    IReadOnlyList<bool> Holes, bool GapsBetweenPages, int BouncePoolReserve)
{
    public const int PageSize = 4096;
    public const long FirstBlock = 1000;
    public const long FirstNewBlock = 5000;

    public int BuffersPerPage => PageSize / BlockSize;
    public long ISize => (long)(Pages - 1) * PageSize + LastPageLen;

    /// <summary>The block a buffer is mapped to at the start (unless it is a hole).</summary>
    public long InitialBlock(int page, int bh) => FirstBlock + (long)page * (BuffersPerPage + (GapsBetweenPages ? 7 : 0)) + bh;

    public bool IsHole(int page, int bh) => Holes[page * BuffersPerPage + bh];

    /// <summary>Below i_size: the user may write it.</summary>
    public bool InsideFile(int page, int bh) => (long)page * PageSize + (long)bh * BlockSize < ISize;
}

/// <summary>A step of a scenario.</summary>
public abstract record Op;

/// <summary>The user writes one buffer (a new data version); a hole becomes a delayed allocation. Skipped while the page is under writeback (stable pages) or past EOF.</summary>
public sealed record WriteOp(int Page, int Bh) : Op
{
    public override string ToString() => $"write page {Page} buffer {Bh}";
}

/// <summary>A writeback pass over all pages (write_cache_pages + ext4_writepages' part): WB_SYNC_ALL waits for pages under writeback, WB_SYNC_NONE skips them.</summary>
public sealed record PassOp(bool SyncAll, bool Allocate) : Op
{
    public override string ToString() => $"writeback pass {(SyncAll ? "WB_SYNC_ALL" : "WB_SYNC_NONE")}{(Allocate ? "" : " without block allocation")}";
}

/// <summary>The device completes every bio in flight, in order, all with EIO if <see cref="Fail"/>.</summary>
public sealed record CompleteOp(bool Fail) : Op
{
    public override string ToString() => Fail ? "complete all bios with EIO" : "complete all bios";
}

public sealed record PressureOp(Pressure Level) : Op
{
    public override string ToString() => $"memory pressure {Level}";
}

/// <summary>A generated scenario: the inode and the steps. ToString is what a failure prints.</summary>
public sealed record Scenario(ScenarioConfig Config, IReadOnlyList<Op> Ops)
{
    public override string ToString() =>
        ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public JsonObject ToJson() => new()
    {
        ["variant"] = Config.Variant,
        ["pages"] = Config.Pages,
        ["blockSize"] = Config.BlockSize,
        ["lastPageLen"] = Config.LastPageLen,
        ["encryption"] = Config.Encryption.ToString().ToLowerInvariant(),
        ["holes"] = new JsonArray(Config.Holes.Select((h, i) => (h, i)).Where(t => t.h).Select(t => (JsonNode)$"{t.i / Config.BuffersPerPage}.{t.i % Config.BuffersPerPage}").ToArray()),
        ["gapsBetweenPages"] = Config.GapsBetweenPages,
        ["bouncePoolReserve"] = Config.BouncePoolReserve,
        ["ops"] = new JsonArray(Ops.Select(o => (JsonNode)o.ToString()!).ToArray()),
    };
}
