using System.Text.Json;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>One finished cell as a report holds it (report.jsonl line, report.json row, JUnit testcase).</summary>
public sealed record ReportRow
{
    public required int Index { get; init; }
    public required string Scenario { get; init; }
    public required string Variant { get; init; }
    public required string Strategy { get; init; }
    /// <summary>"clean" or the spec the cell must violate.</summary>
    public required string Expect { get; init; }
    public string? Finding { get; init; }
    /// <summary>The violated spec, or null when the cell stayed clean.</summary>
    public string? Spec { get; init; }
    /// <summary>The catalogued finding whose signature the violating run matches, or NEW; null when clean.</summary>
    public string? Found { get; init; }
    public required bool AsExpected { get; init; }
    public required int Iterations { get; init; }
    public required double Seconds { get; init; }
    /// <summary>Other specs that fired first while the expected one was searched for.</summary>
    public IReadOnlyList<string> OtherSpecs { get; init; } = [];
    /// <summary>"timeout" when the cell's time limit cut it short.</summary>
    public string? Stopped { get; init; }
    public string? Message { get; init; }
    /// <summary>The saved trace, relative to the report's folder.</summary>
    public string? Trace { get; init; }

    public string Outcome => Spec ?? MatrixEntry.Clean;
    public string Expected => Finding is { } f ? $"{Expect} ({f})" : Expect;
    public double IterationsPerSecond => Seconds > 0 ? Iterations / Seconds : 0;
    public string Name => $"{Scenario}/{Variant}/{Strategy}";

    public static ReportRow From(PlannedCell cell, SweepRow row, string? trace) => new()
    {
        Index = cell.Index,
        Scenario = cell.Entry.Scenario,
        Variant = cell.Entry.Variant,
        Strategy = cell.Strategy,
        Expect = cell.Entry.Expect,
        Finding = cell.Entry.Finding,
        Spec = row.Spec,
        Found = row.Finding,
        AsExpected = row.AsExpected,
        Iterations = row.Iterations,
        Seconds = Math.Round(row.Seconds, 3),
        OtherSpecs = row.OtherSpecs.ToArray(),
        Stopped = row.Stopped == CellStop.Timeout ? "timeout" : null,
        Message = row.Message,
        Trace = trace,
    };

    public RowDocument ToDocument(string? type = null) => new()
    {
        Type = type,
        Index = Index,
        Scenario = Scenario,
        Variant = Variant,
        Strategy = Strategy,
        Expect = Expect,
        Finding = Finding,
        Outcome = Outcome,
        Spec = Spec,
        Found = Found,
        AsExpected = AsExpected,
        Iterations = Iterations,
        Seconds = Seconds,
        IterationsPerSecond = Math.Round(IterationsPerSecond, 1),
        OtherSpecs = [.. OtherSpecs],
        Stopped = Stopped,
        Message = Message,
        Trace = Trace,
    };

    /// <summary>A row as <see cref="ToDocument"/> wrote it; a missing field is a <see cref="ReportError"/>.</summary>
    public static ReportRow FromDocument(RowDocument? d, string source)
    {
        if (d is null)
        {
            throw new ReportError($"{source}: a row is null");
        }
        return new ReportRow
        {
            Index = ReportJson.Required(d.Index, "index", source),
            Scenario = ReportJson.Required(d.Scenario, "scenario", source),
            Variant = ReportJson.Required(d.Variant, "variant", source),
            Strategy = ReportJson.Required(d.Strategy, "strategy", source),
            Expect = ReportJson.Required(d.Expect, "expect", source),
            Finding = d.Finding,
            Spec = d.Spec,
            Found = d.Found,
            AsExpected = ReportJson.Required(d.AsExpected, "asExpected", source),
            Iterations = ReportJson.Required(d.Iterations, "iterations", source),
            Seconds = ReportJson.Required(d.Seconds, "seconds", source),
            OtherSpecs = d.OtherSpecs?.Select(s => s ?? "").ToArray() ?? [],
            Stopped = d.Stopped,
            Message = d.Message,
            Trace = d.Trace,
        };
    }

    /// <summary>One line of report.jsonl after its header.</summary>
    public static ReportRow FromLine(string line, string source)
    {
        var d = ReportJson.Read(line, ReportJsonContext.Default.RowDocument, source);
        if (d.Type != ReportLine)
        {
            throw new ReportError($"{source}: not a row line (type '{d.Type}')");
        }
        return FromDocument(d, source);
    }

    /// <summary>One line of report.jsonl, ready to append: the row with "type": "row".</summary>
    public string ToLine() => JsonSerializer.Serialize(ToDocument(ReportLine), ReportJsonContext.Default.RowDocument);

    public const string ReportLine = "row";
}

/// <summary>A report file that cannot be read or merged: one line for the user.</summary>
public sealed class ReportError(string message) : Exception(message);
