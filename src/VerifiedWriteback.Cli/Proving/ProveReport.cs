using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Prove;

namespace VerifiedWriteback.Cli.Proving;

/// <summary>
/// DIR/report.json of `vwb prove` (format "vwb-prove-report/1", with DIR/junit.xml beside it): the options, and for every cell
/// proven so far its outcome, the finding its violating run shows, the search's counts and the
/// shortest run with its trace. It is rewritten (by rename) after every cell, so a run stopped
/// midway keeps every finished cell.
/// </summary>
public sealed class ProveReport(string folder, ProveOptions options, bool minimize)
{
    public const string Format = "vwb-prove-report/1";
    public const string FileName = "report.json";

    private readonly List<ProveCellDocument> cells = [];

    public string Path { get; } = System.IO.Path.Combine(folder, FileName);

    public int AsExpected => cells.Count(c => c.AsExpected);

    /// <summary>Adds a finished cell (its trace already saved at <paramref name="trace"/>) and rewrites the file.</summary>
    public void Add(CellProof proof, string? trace)
    {
        var s = proof.Search;
        cells.Add(new ProveCellDocument
        {
            Scenario = proof.Entry.Scenario,
            Variant = proof.Entry.Variant,
            Expect = proof.Entry.Expect,
            Finding = proof.Entry.Finding,
            Outcome = proof.Outcome,
            Found = proof.Found,
            Exhausted = s.Outcome == ProveOutcome.Exhausted && s.BoundedRuns == 0,
            AsExpected = proof.AsExpected,
            Schedules = s.Runs,
            FinalStates = s.Finals,
            Pruned = s.Pruned,
            Steps = s.Steps,
            Seconds = Math.Round(s.Seconds, 3),
            BoundedRuns = s.BoundedRuns,
            OtherSpecs = [.. proof.OtherSpecs],
            Shortest = proof.Trace is { } t && proof.Minimal is { } m ? new ShortestRunDocument
            {
                Steps = t.Steps,
                Preemptions = t.Preemptions,
                Proven = m.ProvenShortest,
                ProvenWithinPreemptions = m.ProvenWithinPreemptions,
                Schedules = m.Runs,
                Seconds = Math.Round(m.Seconds, 3),
            } : null,
            Trace = trace is null ? null : System.IO.Path.GetRelativePath(folder, trace),
        });
        var document = new ProveReportDocument
        {
            Format = Format,
            ModelVersion = ModelVersion.Current,
            Options = new ProveOptionsDocument
            {
                TimeoutSeconds = options.Timeout?.TotalSeconds,
                MaxSteps = options.MaxSteps,
                Preemptions = options.Preemptions,
                Symmetry = options.Symmetry,
                Minimize = minimize,
            },
            Totals = new ProveTotalsDocument { Cells = cells.Count, AsExpected = AsExpected },
            Cells = cells,
        };
        Replace(Path, JsonSerializer.Serialize(document, ProveReportJson.Default.ProveReportDocument) + "\n");
        Replace(System.IO.Path.Combine(folder, JUnitFileName), JUnit(document));
    }

    public const string JUnitFileName = "junit.xml";

    /// <summary>junit.xml: one testcase per cell (class "vwb.SCENARIO", name "VARIANT"), a failure when not as expected.</summary>
    private static string JUnit(ProveReportDocument d)
    {
        var cases = d.Cells.Select(c =>
        {
            var testcase = JUnitXml.Case($"vwb.{c.Scenario}", c.Variant, c.Seconds + (c.Shortest?.Seconds ?? 0));
            var expected = c.Finding is { } f ? $"{c.Expect} ({f})" : c.Expect;
            var outcome = c.Found is { } found ? $"{c.Outcome} ({found})" : c.Outcome;
            if (!c.AsExpected)
            {
                testcase.Add(new XElement("failure",
                    new XAttribute("message", $"expected {expected}, found {outcome}" + (c.Outcome == "clean" && !c.Exhausted ? " (not exhausted)" : "")),
                    new XAttribute("type", "UnexpectedOutcome")));
            }
            var shortest = c.Shortest is { } m ? $"; shortest {m.Steps} steps, {m.Preemptions} preemption(s){(m.Proven ? ", proven" : "")}" : "";
            testcase.Add(new XElement("system-out", JUnitXml.Clean($"outcome {outcome}; {c.Schedules} schedules, {c.FinalStates} final states{shortest}" + (c.Trace is { } t ? $"; trace {t}" : ""))));
            return testcase;
        });
        return JUnitXml.Document("vwb prove", d.Totals.Cells, d.Totals.Cells - d.Totals.AsExpected, 0, 0,
            d.Cells.Sum(c => c.Seconds + (c.Shortest?.Seconds ?? 0)),
            new XElement("properties", JUnitXml.Property("modelVersion", d.ModelVersion)), cases);
    }

    /// <summary>Writes a whole file by rename, so a reader never sees half of it.</summary>
    private static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

public sealed record ProveReportDocument
{
    public required string Format { get; init; }
    public required string ModelVersion { get; init; }
    public required ProveOptionsDocument Options { get; init; }
    public required ProveTotalsDocument Totals { get; init; }
    public required List<ProveCellDocument> Cells { get; init; }
}

public sealed record ProveOptionsDocument
{
    public double? TimeoutSeconds { get; init; }
    public int MaxSteps { get; init; }
    public int? Preemptions { get; init; }
    public bool Symmetry { get; init; }
    public bool Minimize { get; init; }
}

public sealed record ProveTotalsDocument
{
    public int Cells { get; init; }
    public int AsExpected { get; init; }
}

/// <summary>One proven cell: "outcome" is "clean" (exhausted), the violated spec, or "timeout".</summary>
public sealed record ProveCellDocument
{
    public required string Scenario { get; init; }
    public required string Variant { get; init; }
    public required string Expect { get; init; }
    public string? Finding { get; init; }
    public required string Outcome { get; init; }
    public string? Found { get; init; }
    public bool Exhausted { get; init; }
    public bool AsExpected { get; init; }
    public long Schedules { get; init; }
    public long FinalStates { get; init; }
    public long Pruned { get; init; }
    public long Steps { get; init; }
    public double Seconds { get; init; }
    public long BoundedRuns { get; init; }
    public List<string> OtherSpecs { get; init; } = [];
    public ShortestRunDocument? Shortest { get; init; }
    public string? Trace { get; init; }
}

public sealed record ShortestRunDocument
{
    public int Steps { get; init; }
    public int Preemptions { get; init; }
    public bool Proven { get; init; }
    public int? ProvenWithinPreemptions { get; init; }
    public long Schedules { get; init; }
    public double Seconds { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ProveReportDocument))]
internal sealed partial class ProveReportJson : JsonSerializerContext;
