using System.Text.Json.Nodes;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// A sweep small enough for tests: eight cells (four matrix entries under random and pct), tiny
/// budgets, bugs that the fixed seed finds in a few iterations.
/// </summary>
internal static class SmallSweep
{
    public const int Cells = 8;

    public const string Config = """
        {
          "engine": {"maxSteps": 5000, "pctPriorityChangeBound": 10, "probabilisticLevel": 3},
          "sweep": {"strategies": ["random", "pct"], "iterations": 12, "findingIterations": 500, "seed": 1},
          "matrix": [
            {"scenario": "sync-enomem", "variant": "seed", "expect": "SyncIntegrity", "finding": "F1"},
            {"scenario": "sync-enomem", "variant": "4.4-fixed", "expect": "clean"},
            {"scenario": "discontiguous-subpage", "variant": "h4", "expect": "WritebackEndsOnce", "finding": "H4"},
            {"scenario": "hardware-encryption", "variant": "seed", "expect": "clean"}
          ]
        }
        """;

    /// <summary>Four cells: F1 and upstream's clean run of its scenario, under random and pct.</summary>
    public const string FourCells = """
        {
          "sweep": {"strategies": ["random", "pct"], "iterations": 12, "findingIterations": 500, "seed": 1},
          "matrix": [
            {"scenario": "sync-enomem", "variant": "seed", "expect": "SyncIntegrity", "finding": "F1"},
            {"scenario": "sync-enomem", "variant": "4.4-fixed", "expect": "clean"}
          ]
        }
        """;

    public static string Write(ScratchDirectory scratch, string name = "small.json", string? text = null) => scratch.Write(name, text ?? Config);

    public static JsonObject Report(string folder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))!.AsObject();

    /// <summary>The totals that depend only on the plan and the model, not on the clock.</summary>
    public static string Totals(JsonObject report)
    {
        var t = report["totals"]!.AsObject();
        return string.Join(' ', new[] { "cells", "run", "asExpected", "unexpected", "notRun", "bugs", "iterations" }.Select(k => $"{k}={t[k]}"));
    }

    /// <summary>Each row's cell, outcome and iteration count, in cell order.</summary>
    public static IReadOnlyList<string> Rows(JsonObject report) =>
        report["rows"]!.AsArray().Select(r => $"{r!["index"]} {r["scenario"]}/{r["variant"]}/{r["strategy"]} {r["outcome"]} {r["iterations"]} {r["asExpected"]}").ToArray();
}
