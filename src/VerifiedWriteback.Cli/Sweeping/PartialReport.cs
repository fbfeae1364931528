using System.Text.Json;
using System.Text.Json.Nodes;

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
        var header = ParseLine(lines[0], path) ?? throw new ReportError($"{path}: the header line is not JSON");
        if (JsonRead.Optional<string>(header, "type", path) != "start" || JsonRead.Optional<string>(header, "format", path) != SweepReport.Format)
        {
            throw new ReportError($"{path}: not a vwb sweep report.jsonl (no start line)");
        }
        var plan = SweepReport.ReadPlan(header, path);
        var scope = ShardStatus.ParseShard(JsonRead.Required<string>(header, "scope", path), path);
        var rows = new List<ReportRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var line = ParseLine(lines[i], path);
            if (line is null)
            {
                if (i == lines.Length - 1)
                {
                    break;
                }
                throw new ReportError($"{path}: line {i + 1} is not JSON");
            }
            rows.Add(ReportRow.FromJson(line, $"{path}:{i + 1}"));
        }
        return (plan, scope, rows);
    }

    private static JsonObject? ParseLine(string line, string path)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
