using VerifiedWriteback.Json;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>How one shard of a sweep ended: complete, interrupted (Ctrl-C) or crashed.</summary>
public sealed record ShardStatus(ShardSpec Shard, string Status, int? ExitCode = null, string? Note = null)
{
    public const string Complete = "complete";
    public const string Interrupted = "interrupted";
    public const string Crashed = "crashed";

    public ShardDocument ToDocument() => new()
    {
        Shard = Shard.ToString(),
        Status = Status,
        ExitCode = ExitCode,
        Note = Note,
    };

    public static ShardStatus FromDocument(ShardDocument? d, string source)
    {
        if (d is null)
        {
            throw new ReportError($"{source}: a shard is null");
        }
        return new ShardStatus(ParseShard(ReportJson.Required(d.Shard, "shard", source), source),
            ReportJson.Required(d.Status, "status", source),
            d.ExitCode,
            d.Note);
    }

    public static ShardSpec ParseShard(string text, string source)
    {
        try
        {
            return ShardSpec.Parse(text);
        }
        catch (UsageError)
        {
            throw new ReportError($"{source}: '{StrictJson.OneLine(text, 40)}' is not a shard (I/N)");
        }
    }
}

/// <summary>A cell of the plan with no row: why it did not run.</summary>
public sealed record NotRunCell(PlannedCell Cell, string Reason)
{
    public NotRunDocument ToDocument() => new()
    {
        Index = Cell.Index,
        Scenario = Cell.Entry.Scenario,
        Variant = Cell.Entry.Variant,
        Strategy = Cell.Strategy,
        Expect = Cell.Entry.Expect,
        Finding = Cell.Entry.Finding,
        Reason = Reason,
    };
}
