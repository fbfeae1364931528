using System.Text.Json;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Json;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// report.json: every finished cell of the cells a report answers for (its scope: the whole sweep,
/// or one shard), the cells that did not run and why, the totals, how each shard ended, the
/// configuration the sweep ran (a valid coyote.json) and the model version.
/// </summary>
public sealed class SweepReport
{
    public const string Format = "vwb-sweep-report/1";

    public required string ModelVersion { get; init; }
    public required SweepPlan Plan { get; init; }
    public required ShardSpec Scope { get; init; }
    public required IReadOnlyList<ShardStatus> Shards { get; init; }
    public required IReadOnlyList<ReportRow> Rows { get; init; }
    public required IReadOnlyList<NotRunCell> NotRun { get; init; }
    public required ReportTotals Totals { get; init; }

    public string Status =>
        NotRun.Count == 0 ? ShardStatus.Complete
        : Shards.Any(s => s.Status == ShardStatus.Interrupted) && NotRun.All(n => n.Reason == ShardStatus.Interrupted) ? ShardStatus.Interrupted
        : "incomplete";

    /// <summary>Every cell ran and every outcome is the expected one.</summary>
    public bool AllAsExpected => Totals.Unexpected == 0 && Totals.NotRun == 0;

    /// <summary>The report of <paramref name="scope"/>'s cells from the rows that exist; a cell without a row is "not run", with the reason its shard gives.</summary>
    public static SweepReport Build(SweepPlan plan, ShardSpec scope, IReadOnlyList<ShardStatus> shards, IEnumerable<ReportRow> rows)
    {
        var byIndex = rows.Where(r => plan.Owns(scope, r.Index)).OrderBy(r => r.Index).ToArray();
        var done = byIndex.Select(r => r.Index).ToHashSet();
        var cells = plan.CellsOf(scope).ToArray();
        var notRun = cells.Where(c => !done.Contains(c.Index)).Select(c => new NotRunCell(c, WhyNotRun(plan, c, shards))).ToArray();
        return new SweepReport
        {
            ModelVersion = Engine.ModelVersion.Current,
            Plan = plan,
            Scope = scope,
            Shards = shards,
            Rows = byIndex,
            NotRun = notRun,
            Totals = ReportTotals.Of(cells.Length, byIndex),
        };
    }

    private static string WhyNotRun(SweepPlan plan, PlannedCell cell, IReadOnlyList<ShardStatus> shards)
    {
        var shard = shards.FirstOrDefault(s => plan.Owns(s.Shard, cell.Index));
        return shard?.Status switch
        {
            null => "no report covers this cell",
            ShardStatus.Interrupted => ShardStatus.Interrupted,
            ShardStatus.Crashed => $"shard {shard.Shard} crashed" + (shard.ExitCode is { } code ? $" (exit {code})" : ""),
            _ => $"missing from the report of shard {shard.Shard}",
        };
    }

    public ReportDocument ToDocument() => new()
    {
        Format = Format,
        ModelVersion = ModelVersion,
        PlanFingerprint = Plan.Fingerprint,
        Scope = Scope.ToString(),
        Status = Status,
        Totals = Totals.ToDocument(),
        Shards = Shards.Select(s => s.ToDocument()).ToList(),
        Rows = Rows.Select(r => r.ToDocument()).ToList(),
        NotRun = NotRun.Select(n => n.ToDocument()).ToList(),
        Config = Plan.Config.ToDocument(),
    };

    public string ToJsonText() => JsonSerializer.Serialize(ToDocument(), ReportJsonContext.Indented.ReportDocument);

    /// <summary>Reads a report.json; anything that is not one, or comes from another model version, is a <see cref="ReportError"/>.</summary>
    public static SweepReport Parse(string text, string source)
    {
        var d = ReportJson.Read(text, ReportJsonContext.Default.ReportDocument, source, root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ReportError($"{source}: not a vwb sweep report (not a JSON object)");
            }
            if (ReportJson.Text(root, "format") is var format && format != Format)
            {
                throw new ReportError($"{source}: not a vwb sweep report (format '{format}', expected '{Format}')");
            }
        });
        var plan = ReadPlan(d.ModelVersion, d.Config, d.PlanFingerprint, source);
        var scope = ShardStatus.ParseShard(ReportJson.Required(d.Scope, "scope", source), source);
        var shards = ReportJson.Required(d.Shards, "shards", source).Select(s => ShardStatus.FromDocument(s, source)).ToArray();
        var rows = ReportJson.Required(d.Rows, "rows", source).Select(r => ReportRow.FromDocument(r, source)).ToArray();
        return Build(plan, scope, shards, rows);
    }

    /// <summary>The model version, the configuration and its fingerprint of a report or a report.jsonl header.</summary>
    internal static SweepPlan ReadPlan(string? modelVersion, ConfigDocument? config, string? planFingerprint, string source)
    {
        var version = ReportJson.Required(modelVersion, "modelVersion", source);
        if (version != Engine.ModelVersion.Current)
        {
            throw new ReportError($"{source}: written by model version '{StrictJson.OneLine(version, 40)}', this is '{Engine.ModelVersion.Current}': rerun that shard");
        }
        SweepPlan plan;
        try
        {
            plan = SweepPlan.FromReportConfig(ReportJson.Required(config, "config", source), source);
        }
        catch (ArgumentException e)
        {
            throw new ReportError(e.Message);
        }
        var fingerprint = ReportJson.Required(planFingerprint, "planFingerprint", source);
        if (fingerprint != plan.Fingerprint)
        {
            throw new ReportError($"{source}: planFingerprint {StrictJson.OneLine(fingerprint, 40)} does not match its config ({plan.Fingerprint}): the file was edited");
        }
        return plan;
    }
}
