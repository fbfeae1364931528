using System.Text.Json;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// The output folder of a sweep. report.jsonl grows by one line per finished cell (after a
/// header line with the configuration), flushed at once, so a Ctrl-C or a crash keeps every
/// cell already done; report.json and junit.xml are written at the end (whole files, by rename);
/// traces/ holds each bug's trace as TraceFile saves it.
/// </summary>
public sealed class ReportFolder
{
    public const string ReportJson = "report.json";
    public const string ReportLines = "report.jsonl";
    public const string JUnitXml = "junit.xml";
    public const string TracesFolder = "traces";

    public string Path { get; }

    public ReportFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string ReportJsonPath => System.IO.Path.Combine(Path, ReportJson);
    public string ReportLinesPath => System.IO.Path.Combine(Path, ReportLines);
    public string JUnitPath => System.IO.Path.Combine(Path, JUnitXml);

    /// <summary>
    /// Creates the folder and starts report.jsonl with its header line. The files of an earlier
    /// run in the same folder (reports, traces) are removed first, so none is taken for this run's.
    /// </summary>
    public void Begin(SweepPlan plan, ShardSpec scope)
    {
        Directory.CreateDirectory(Path);
        File.Delete(ReportJsonPath);
        File.Delete(JUnitPath);
        var traces = System.IO.Path.Combine(Path, TracesFolder);
        if (Directory.Exists(traces))
        {
            foreach (var old in Directory.GetFiles(traces, "*.trace.json"))
            {
                File.Delete(old);
            }
        }
        var header = new ReportStartDocument
        {
            Type = "start",
            Format = SweepReport.Format,
            ModelVersion = ModelVersion.Current,
            PlanFingerprint = plan.Fingerprint,
            Scope = scope.ToString(),
            Config = plan.Config.ToDocument(),
        };
        File.WriteAllText(ReportLinesPath, JsonSerializer.Serialize(header, ReportJsonContext.Default.ReportStartDocument) + "\n");
    }

    /// <summary>Saves the bug of a finished cell (if any) under traces/; returns its path relative to the folder.</summary>
    public string? SaveTrace(PlannedCell cell, SweepRow row, EngineSettings engine)
    {
        if (row.Bug is not { Trace: not null } bug)
        {
            return null;
        }
        var relative = $"{TracesFolder}/{TraceName(cell.Index, cell.Entry.Scenario, cell.Entry.Variant, cell.Strategy, bug.Spec!)}";
        TraceFile.From(bug, engine, cell.Entry.Finding).Save(System.IO.Path.Combine(Path, relative));
        return relative;
    }

    /// <summary>Copies a trace another report saved into this folder; returns its new relative path.</summary>
    public string AdoptTrace(string sourceFile)
    {
        var relative = $"{TracesFolder}/{System.IO.Path.GetFileName(sourceFile)}";
        var target = System.IO.Path.Combine(Path, relative);
        if (System.IO.Path.GetFullPath(sourceFile) != target)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(sourceFile, target, overwrite: true);
        }
        return relative;
    }

    public static string TraceName(int index, string scenario, string variant, string strategy, string spec) =>
        $"{index:D3}-{scenario}.{variant}.{strategy}.{spec}.trace.json";

    /// <summary>Appends one finished cell to report.jsonl and flushes it to the file.</summary>
    public void Append(ReportRow row)
    {
        var line = row.ToLine();
        using var stream = new FileStream(ReportLinesPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using var writer = new StreamWriter(stream);
        writer.Write(line + "\n");
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes report.json and junit.xml.</summary>
    public void Finish(SweepReport report)
    {
        Directory.CreateDirectory(Path);
        WriteWhole(ReportJsonPath, report.ToJsonText());
        WriteWhole(JUnitPath, JUnitReport.Write(report));
    }

    private static void WriteWhole(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
