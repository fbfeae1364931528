using System.Text.Json;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// Reads report.jsonl, the line-by-line record of a sweep that may not have finished (a crashed
/// or killed shard): its header gives the plan and the scope, each further line one finished
/// cell. A last line cut short by the crash is ignored.
/// </summary>
public static class PartialReport
{
    public static (SweepPlan Plan, ShardSpec Scope, IReadOnlyList<ReportRow> Rows) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportError($"cannot read {path}: {e.Message}");
        }
        if (lines.Length == 0)
        {
            throw new ReportError($"{path}: empty (the sweep wrote nothing)");
        }
        var header = ReportJson.Read(lines[0], ReportJsonContext.Default.ReportStartDocument, $"{path}:1", root =>
        {
            if (ReportJson.Text(root, "type") != "start" || ReportJson.Text(root, "format") != SweepReport.Format)
            {
                throw new ReportError($"{path}: not a vwb sweep report.jsonl (no start line)");
            }
        });
        var plan = SweepReport.ReadPlan(header.ModelVersion, header.Config, header.PlanFingerprint, path);
        var scope = ShardStatus.ParseShard(ReportJson.Required(header.Scope, "scope", path), path);
        var rows = new List<ReportRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            if (i == lines.Length - 1 && !IsJson(lines[i]))
            {
                // The line a crash cut short.
                break;
            }
            rows.Add(ReportRow.FromLine(lines[i], $"{path}:{i + 1}"));
        }
        return (plan, scope, rows);
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
