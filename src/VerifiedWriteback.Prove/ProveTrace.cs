using System.Text.Json;
using System.Text.Json.Serialization;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Prove;

/// <summary>
/// A violation found by <c>vwb prove</c>: the explorer's schedule, one label per decision (the
/// process that ran each step, "take:bio#N" when an idle completion CPU took a bio,
/// "fault:yes"/"fault:no" at an allowed fault), plus what rebuilds the run (scenario and its
/// fingerprint, variant, model version) and what it showed. Replayed by the explorer, not by Coyote.
/// </summary>
public sealed record ProveTrace
{
    public const string FormatName = "vwb-prove-trace/1";

    public string Format { get; init; } = FormatName;
    public required string ModelVersion { get; init; }
    public required string Scenario { get; init; }
    public required string ScenarioFingerprint { get; init; }
    public required string Variant { get; init; }
    public string? Finding { get; init; }
    public required string Spec { get; init; }
    public required string Message { get; init; }
    /// <summary>Scheduling steps of the run (explorer steps: one per resumed CPU).</summary>
    public required int Steps { get; init; }
    public required int Preemptions { get; init; }
    /// <summary>True when every shorter schedule was run and none violated the spec.</summary>
    public required bool ProvenShortest { get; init; }
    /// <summary>When not proven shortest: proven shortest among the runs with at most this many preemptions.</summary>
    public int? ProvenShortestWithinPreemptions { get; init; }
    public required int MaxSteps { get; init; }
    public required IReadOnlyList<string> Schedule { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ProveTraceJson.Default.ProveTrace);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>Whether <paramref name="text"/> is a prove trace (by its format field), without judging the rest.</summary>
    public static bool IsProveTrace(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && f.ValueEquals(FormatName);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads and checks a prove trace: corrupted, another model version, an unknown or changed scenario is a <see cref="TraceError"/>.</summary>
    public static ProveTrace Parse(string text, string source)
    {
        ProveTrace? trace;
        try
        {
            trace = JsonSerializer.Deserialize(text, ProveTraceJson.Default.ProveTrace);
        }
        catch (JsonException e)
        {
            throw new TraceError($"{source}: corrupted prove trace ({e.Message})");
        }
        if (trace is null || trace.Format != FormatName || trace.Schedule is null)
        {
            throw new TraceError($"{source}: corrupted prove trace");
        }
        if (trace.ModelVersion != Engine.ModelVersion.Current)
        {
            throw new TraceError($"{source}: recorded on model version '{trace.ModelVersion}', this is '{Engine.ModelVersion.Current}': its decisions would not replay; re-record it with vwb prove");
        }
        var scenario = ScenarioCatalog.Find(trace.Scenario)
            ?? throw new TraceError($"{source}: unknown scenario '{trace.Scenario}' (known: {ScenarioCatalog.Names})");
        if (scenario.Fingerprint() != trace.ScenarioFingerprint)
        {
            throw new TraceError($"{source}: scenario '{trace.Scenario}' has changed since the trace was recorded (fingerprint {trace.ScenarioFingerprint}, now {scenario.Fingerprint()}): re-record it with vwb prove");
        }
        if (VariantCatalog.Find(trace.Variant) is null)
        {
            throw new TraceError($"{source}: unknown variant '{trace.Variant}' (known: {VariantCatalog.Names})");
        }
        return trace;
    }

    /// <summary>The same run as a <see cref="TraceFile"/> for the timeline renderers (strategy "prove", no Coyote trace).</summary>
    public TraceFile ToTraceFile() => new()
    {
        ModelVersion = ModelVersion,
        Scenario = Scenario,
        ScenarioFingerprint = ScenarioFingerprint,
        Variant = Variant,
        Strategy = ProvenShortest ? "prove (minimal)" : "prove",
        Seed = 0,
        MaxSteps = (uint)MaxSteps,
        Spec = Spec,
        Message = Message,
        Steps = Steps,
        Finding = Finding,
        CoyoteTrace = "{}",
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProveTrace))]
internal sealed partial class ProveTraceJson : JsonSerializerContext;

/// <summary>Replays a prove trace with the explorer, following its schedule label by label.</summary>
public static class ProveReplayer
{
    public static ReplayResult Replay(ProveTrace trace)
    {
        var scenario = ScenarioCatalog.Find(trace.Scenario) ?? throw new TraceError($"unknown scenario '{trace.Scenario}'");
        var variant = VariantCatalog.Find(trace.Variant) ?? throw new TraceError($"unknown variant '{trace.Variant}'");
        var chooser = new LabelChooser(trace.Schedule);
        RunResult run;
        IModel model;
        try
        {
            run = Explorer.RunOnce(KernelModel.Factory(scenario, variant), chooser, new ProveOptions { MaxSteps = Math.Max(trace.MaxSteps, trace.Steps) }, out model);
        }
        catch (ScheduleMismatch e)
        {
            throw new TraceError($"the schedule does not fit the model: {e.Message}");
        }
        if (!chooser.Finished)
        {
            throw new TraceError($"the run ended ({run.End}) before the schedule did: the trace is corrupted");
        }
        var events = ((KernelModel)model).Machine.Events.ToArray();
        var verdict = run.Verdict;
        // Reproduced: the same spec, and the run shows the finding the trace names (by its events).
        var reproduced = verdict?.Spec == trace.Spec && (trace.Finding is null || trace.Finding == run.Finding);
        return new ReplayResult(verdict?.Spec, verdict?.Report, events, reproduced) { Verdict = verdict, Finding = run.Finding };
    }
}
