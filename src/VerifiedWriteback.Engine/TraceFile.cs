using System.Text.Json;
using System.Text.Json.Nodes;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Engine;

/// <summary>A trace the user gave us that cannot be replayed: one line for the user.</summary>
public sealed class TraceError(string message) : Exception(message);

/// <summary>
/// A saved bug: Coyote's reproducible trace plus what rebuilds the run (scenario and its
/// fingerprint, variant, model version, engine limit) and what it showed (spec, message, steps).
/// </summary>
public sealed record TraceFile
{
    public const string Format = "vwb-trace/1";

    public required string ModelVersion { get; init; }
    public required string Scenario { get; init; }
    public required string ScenarioFingerprint { get; init; }
    public required string Variant { get; init; }
    public required string Strategy { get; init; }
    public required uint Seed { get; init; }
    public required uint MaxSteps { get; init; }
    public required string Spec { get; init; }
    public required string Message { get; init; }
    public int? Steps { get; init; }
    public string? Finding { get; init; }
    /// <summary>Coyote's ReproducibleTrace, verbatim.</summary>
    public required string CoyoteTrace { get; init; }

    public static TraceFile From(CellResult result, EngineSettings settings, string? finding = null) => new()
    {
        ModelVersion = Engine.ModelVersion.Current,
        Scenario = result.Cell.Scenario.Name,
        ScenarioFingerprint = result.Cell.Scenario.Fingerprint(),
        Variant = result.Cell.Variant.Name,
        Strategy = result.Cell.Strategy,
        Seed = result.Cell.Seed,
        MaxSteps = settings.MaxSteps,
        Spec = result.Spec ?? throw new ArgumentException("no bug to save"),
        Message = result.Message ?? "",
        Steps = result.TraceSteps,
        Finding = finding,
        CoyoteTrace = result.Trace ?? throw new ArgumentException("no trace to save"),
    };

    public string ToJson()
    {
        var o = new JsonObject
        {
            ["format"] = Format,
            ["modelVersion"] = ModelVersion,
            ["scenario"] = Scenario,
            ["scenarioFingerprint"] = ScenarioFingerprint,
            ["variant"] = Variant,
            ["finding"] = Finding,
            ["spec"] = Spec,
            ["message"] = Message,
            ["steps"] = Steps,
            ["strategy"] = Strategy,
            ["seed"] = Seed,
            ["maxSteps"] = MaxSteps,
            ["coyoteTrace"] = JsonNode.Parse(CoyoteTrace),
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>Reads and checks a trace: a corrupted file, another model version or an unknown or changed scenario is a <see cref="TraceError"/>.</summary>
    public static TraceFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceError($"cannot read {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    public static TraceFile Parse(string text, string source)
    {
        TraceFile trace;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var r = doc.RootElement;
            var format = r.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new TraceError($"{source}: not a vwb trace (format '{format}', expected '{Format}')");
            }
            trace = new TraceFile
            {
                ModelVersion = r.GetProperty("modelVersion").GetString()!,
                Scenario = r.GetProperty("scenario").GetString()!,
                ScenarioFingerprint = r.GetProperty("scenarioFingerprint").GetString()!,
                Variant = r.GetProperty("variant").GetString()!,
                Finding = r.TryGetProperty("finding", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
                Spec = r.GetProperty("spec").GetString()!,
                Message = r.GetProperty("message").GetString()!,
                Steps = r.TryGetProperty("steps", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
                Strategy = r.GetProperty("strategy").GetString()!,
                Seed = r.GetProperty("seed").GetUInt32(),
                MaxSteps = r.GetProperty("maxSteps").GetUInt32(),
                CoyoteTrace = r.GetProperty("coyoteTrace").GetRawText(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TraceError($"{source}: corrupted trace ({e.Message})");
        }
        if (trace.ModelVersion != Engine.ModelVersion.Current)
        {
            throw new TraceError($"{source}: recorded on model version '{trace.ModelVersion}', this is '{Engine.ModelVersion.Current}': its decisions would not replay; re-record it with vwb sweep");
        }
        var scenario = ScenarioCatalog.Find(trace.Scenario)
            ?? throw new TraceError($"{source}: unknown scenario '{trace.Scenario}' (known: {ScenarioCatalog.Names})");
        if (scenario.Fingerprint() != trace.ScenarioFingerprint)
        {
            var recordedOn = ScenarioCatalog.All.FirstOrDefault(s => s.Fingerprint() == trace.ScenarioFingerprint);
            throw new TraceError(recordedOn is not null
                ? $"{source}: recorded on scenario '{recordedOn.Name}', not '{trace.Scenario}' (scenario fingerprint {trace.ScenarioFingerprint}): a trace replays only on the scenario it was recorded on"
                : $"{source}: scenario '{trace.Scenario}' has changed since the trace was recorded (fingerprint {trace.ScenarioFingerprint}, now {scenario.Fingerprint()}): re-record it with vwb sweep");
        }
        if (VariantCatalog.Find(trace.Variant) is null)
        {
            throw new TraceError($"{source}: unknown variant '{trace.Variant}' (known: {VariantCatalog.Names})");
        }
        return trace;
    }
}
