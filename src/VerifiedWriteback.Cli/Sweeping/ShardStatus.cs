using System.Text.Json.Nodes;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>How one shard of a sweep ended: complete, interrupted (Ctrl-C) or crashed.</summary>
public sealed record ShardStatus(ShardSpec Shard, string Status, int? ExitCode = null, string? Note = null)
{
    public const string Complete = "complete";
    public const string Interrupted = "interrupted";
    public const string Crashed = "crashed";

    public JsonObject ToJson() => new()
    {
        ["shard"] = Shard.ToString(),
        ["status"] = Status,
        ["exitCode"] = ExitCode,
        ["note"] = Note,
    };

    public static ShardStatus FromJson(JsonNode? node, string source)
    {
        var o = JsonRead.Object(node, "a shard", source);
        return new ShardStatus(ParseShard(JsonRead.Required<string>(o, "shard", source), source),
            JsonRead.Required<string>(o, "status", source),
            o["exitCode"] is null ? null : JsonRead.Required<int>(o, "exitCode", source),
            JsonRead.Optional<string>(o, "note", source));
    }

    public static ShardSpec ParseShard(string text, string source)
    {
        try
        {
            return ShardSpec.Parse(text);
        }
        catch (UsageError)
        {
            throw new ReportError($"{source}: '{text}' is not a shard (I/N)");
        }
    }
}

/// <summary>A cell of the plan with no row: why it did not run.</summary>
public sealed record NotRunCell(PlannedCell Cell, string Reason)
{
    public JsonObject ToJson() => new()
    {
        ["index"] = Cell.Index,
        ["scenario"] = Cell.Entry.Scenario,
        ["variant"] = Cell.Entry.Variant,
        ["strategy"] = Cell.Strategy,
        ["expect"] = Cell.Entry.Expect,
        ["finding"] = Cell.Entry.Finding,
        ["reason"] = Reason,
    };
}
