using System.Text.Json.Nodes;

namespace VerifiedWriteback.Kernel;

/// <summary>One segment of a submitted bio as the specs see it: which buffer, which block.</summary>
public sealed record SegmentInfo(int Page, int Offset, int Length, long Block, bool Bounce);

/// <summary>A buffer's data version and block, as an fsync caller saw it at its start.</summary>
public sealed record BufferVersion(int Page, int Bh, long Block, int Version);

/// <summary>
/// One kernel-visible action, named after the kernel function that performed it. Specs observe
/// these, traces are explained with them and `vwb run` prints them. Only the arguments that
/// matter for the call are set.
/// </summary>
public sealed record KernelEvent
{
    public required string Call { get; init; }
    public int Seq { get; init; }
    public string Cpu { get; init; } = "";
    public int? Page { get; init; }
    public int? Bh { get; init; }
    public long? Block { get; init; }
    public IReadOnlyList<long>? Blocks { get; init; }
    public IReadOnlyList<SegmentInfo>? Segments { get; init; }
    public IReadOnlyList<int>? Versions { get; init; }
    public IReadOnlyList<string>? Flags { get; init; }
    public int? From { get; init; }
    public int? To { get; init; }
    public int? Offset { get; init; }
    public int? Len { get; init; }
    public string? Data { get; init; }
    public int? Bio { get; init; }
    public int? IoEnd { get; init; }
    public int? Bounce { get; init; }
    public int? Ret { get; init; }
    public int? Error { get; init; }
    public string? Gfp { get; init; }
    public bool? SyncAll { get; init; }
    public bool? KeepTowrite { get; init; }
    public bool? Towrite { get; init; }
    public bool? Unwritten { get; init; }
    public string? Encryption { get; init; }
    public int? PageSize { get; init; }
    public IReadOnlyList<BufferVersion>? Dirty { get; init; }
    public string? Note { get; init; }

    /// <summary>The event as JSON; <paramref name="withContext"/> adds seq, cpu and page.</summary>
    public JsonObject ToJson(bool withContext)
    {
        var o = new JsonObject { ["call"] = Call };
        if (withContext)
        {
            o["seq"] = Seq;
            o["cpu"] = Cpu;
            if (Page is { } p) o["page"] = p;
        }
        if (Bh is { } bh) o["bh"] = bh;
        if (Block is { } block) o["block"] = block;
        if (Blocks is { } blocks) o["blocks"] = new JsonArray(blocks.Select(b => (JsonNode)b).ToArray());
        if (Versions is { } versions) o["versions"] = new JsonArray(versions.Select(v => (JsonNode)v).ToArray());
        if (Flags is { } flags) o["flags"] = new JsonArray(flags.Select(f => (JsonNode)f).ToArray());
        if (From is { } from) o["from"] = from;
        if (To is { } to) o["to"] = to;
        if (Len is { } len) o["len"] = len;
        if (Data is { } data) o["data"] = data;
        if (Bio is { } b) o["bio"] = b;
        if (withContext && IoEnd is { } ioEnd) o["ioEnd"] = ioEnd;
        if (Bounce is { } bounce) o["bounce"] = bounce;
        if (Ret is { } ret) o["ret"] = ret;
        if (Error is { } err) o["error"] = err;
        if (Gfp is { } gfp) o["gfp"] = gfp;
        if (SyncAll is { } sync) o["syncAll"] = sync;
        if (KeepTowrite is { } keep) o["keepTowrite"] = keep;
        if (Towrite is { } towrite) o["towrite"] = towrite;
        if (Note is { } note) o["note"] = note;
        return o;
    }

    /// <summary>One line in kernel terms, for timelines.</summary>
    public string Describe()
    {
        var args = new List<string>();
        if (Page is { } p) args.Add($"page {p}");
        if (Bh is { } bh) args.Add($"bh{bh}");
        if (Block is { } block) args.Add($"block {block}");
        if (Blocks is { Count: > 0 } blocks) args.Add($"blocks {blocks[0]}..{blocks[^1]}");
        if (Bio is { } bio) args.Add($"bio#{bio}");
        if (Data is { } data) args.Add(data);
        if (From is { } from && To is { } to) args.Add($"{from}..{to}");
        if (Len is { } len) args.Add($"len {len}");
        if (Gfp is { } gfp) args.Add(gfp);
        if (Ret is { } ret) args.Add($"ret {ret}");
        if (Error is { } err && err != 0) args.Add($"error {err}");
        if (Flags is { } flags) args.Add("[" + string.Join(',', flags) + "]");
        if (Note is { } note) args.Add(note);
        return $"{Call}({string.Join(", ", args)})";
    }
}

/// <summary>Receives every event as it happens (the Coyote binding forwards them to the monitors).</summary>
public interface IEventSink
{
    void Observe(KernelEvent e);
}
