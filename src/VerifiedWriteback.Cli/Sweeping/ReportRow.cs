using System.Text.Json.Nodes;
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
        AsExpected = row.AsExpected,
        Iterations = row.Iterations,
        Seconds = Math.Round(row.Seconds, 3),
        OtherSpecs = row.OtherSpecs.ToArray(),
        Stopped = row.Stopped == CellStop.Timeout ? "timeout" : null,
        Message = row.Message,
        Trace = trace,
    };

    public JsonObject ToJson() => new()
    {
        ["index"] = Index,
        ["scenario"] = Scenario,
        ["variant"] = Variant,
        ["strategy"] = Strategy,
        ["expect"] = Expect,
        ["finding"] = Finding,
        ["outcome"] = Outcome,
        ["spec"] = Spec,
        ["asExpected"] = AsExpected,
        ["iterations"] = Iterations,
        ["seconds"] = Seconds,
        ["iterationsPerSecond"] = Math.Round(IterationsPerSecond, 1),
        ["otherSpecs"] = new JsonArray(OtherSpecs.Select(s => (JsonNode)s).ToArray()),
        ["stopped"] = Stopped,
        ["message"] = Message,
        ["trace"] = Trace,
    };

    /// <summary>Reads a row written by <see cref="ToJson"/>; a missing or mistyped field is a <see cref="ReportError"/>.</summary>
    public static ReportRow FromJson(JsonNode? node, string source)
    {
        var o = JsonRead.Object(node, "a row", source);
        return new ReportRow
        {
            Index = JsonRead.Required<int>(o, "index", source),
            Scenario = JsonRead.Required<string>(o, "scenario", source),
            Variant = JsonRead.Required<string>(o, "variant", source),
            Strategy = JsonRead.Required<string>(o, "strategy", source),
            Expect = JsonRead.Required<string>(o, "expect", source),
            Finding = JsonRead.Optional<string>(o, "finding", source),
            Spec = JsonRead.Optional<string>(o, "spec", source),
            AsExpected = JsonRead.Required<bool>(o, "asExpected", source),
            Iterations = JsonRead.Required<int>(o, "iterations", source),
            Seconds = JsonRead.Required<double>(o, "seconds", source),
            OtherSpecs = o["otherSpecs"] is JsonArray others ? others.Select(s => s?.GetValue<string>() ?? "").ToArray() : [],
            Stopped = JsonRead.Optional<string>(o, "stopped", source),
            Message = JsonRead.Optional<string>(o, "message", source),
            Trace = JsonRead.Optional<string>(o, "trace", source),
        };
    }
}

/// <summary>A report file that cannot be read or merged: one line for the user.</summary>
public sealed class ReportError(string message) : Exception(message);
