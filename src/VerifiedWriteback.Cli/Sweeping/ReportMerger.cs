namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>One report given to `vwb merge`: a finished report.json, or the report.jsonl a shard left when it died.</summary>
public sealed record MergeInput(string Source, string Folder, SweepPlan Plan, IReadOnlyList<ShardStatus> Shards, IReadOnlyList<ReportRow> Rows);

/// <summary>
/// Combines the reports of shards of one sweep (same configuration, same model version) into the
/// report of the whole sweep: rows by cell index, each bug's trace copied along, cells that no
/// shard ran listed as not run. With every shard complete, the totals are those of one unsharded run.
/// </summary>
public static class ReportMerger
{
    /// <summary>A report.json, a report.jsonl, or a folder holding either (report.json first).</summary>
    public static MergeInput Load(string path)
    {
        if (Directory.Exists(path))
        {
            var json = Path.Combine(path, ReportFolder.ReportJson);
            var lines = Path.Combine(path, ReportFolder.ReportLines);
            path = File.Exists(json) ? json : File.Exists(lines) ? lines
                : throw new ReportError($"{path}: no {ReportFolder.ReportJson} or {ReportFolder.ReportLines} in this folder");
        }
        if (!File.Exists(path))
        {
            throw new ReportError($"{path}: no such file");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            var (plan, scope, rows) = PartialReport.Read(path);
            var finished = rows.Select(r => r.Index).ToHashSet();
            var status = plan.CellsOf(scope).All(c => finished.Contains(c.Index)) ? ShardStatus.Complete : ShardStatus.Crashed;
            return new MergeInput(path, folder, plan, [new ShardStatus(scope, status, null, "read from report.jsonl: the run did not finish")], rows);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportError($"cannot read {path}: {e.Message}");
        }
        var report = SweepReport.Parse(text, path);
        return new MergeInput(path, folder, report.Plan, report.Shards, report.Rows);
    }

    public static SweepReport Merge(IReadOnlyList<MergeInput> inputs, ReportFolder output)
    {
        var first = inputs[0];
        foreach (var other in inputs.Skip(1).Where(i => i.Plan.Fingerprint != first.Plan.Fingerprint))
        {
            throw new ReportError($"{other.Source} and {first.Source} are not shards of one sweep (configuration {other.Plan.Fingerprint} vs {first.Plan.Fingerprint}): run every shard with the same coyote.json and flags");
        }
        var owner = new Dictionary<int, string>();
        foreach (var input in inputs)
        {
            foreach (var row in input.Rows)
            {
                if (!owner.TryAdd(row.Index, input.Source))
                {
                    throw new ReportError($"cell {row.Index} ({row.Name}) is in both {owner[row.Index]} and {input.Source}: give each shard once");
                }
            }
        }
        output.Begin(first.Plan, ShardSpec.Whole);
        var rows = new List<ReportRow>();
        foreach (var input in inputs)
        {
            foreach (var row in input.Rows)
            {
                var adopted = row.Trace is { } trace ? row with { Trace = output.AdoptTrace(Path.Combine(input.Folder, trace)) } : row;
                output.Append(adopted);
                rows.Add(adopted);
            }
        }
        var report = SweepReport.Build(first.Plan, ShardSpec.Whole, inputs.SelectMany(i => i.Shards).ToArray(), rows);
        output.Finish(report);
        return report;
    }
}
