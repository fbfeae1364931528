using System.Text.Json;
using VerifiedWriteback.Json;
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
    /// <summary>What the recorded run did: every kernel event up to the violation, one line each; a replay reproduces only if it does the same.</summary>
    public IReadOnlyList<string>? Events { get; init; }
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
        Events = result.Events,
        CoyoteTrace = result.Trace ?? throw new ArgumentException("no trace to save"),
    };

    /// <summary>The trace file: indented JSON, every field written (nulls included).</summary>
    public string ToJson() => JsonSerializer.Serialize(ToDocument(), EngineJsonContext.Indented.TraceDocument);

    public TraceDocument ToDocument()
    {
        using var coyote = JsonDocument.Parse(CoyoteTrace);
        return new TraceDocument
        {
            Format = Format,
            ModelVersion = ModelVersion,
            Scenario = Scenario,
            ScenarioFingerprint = ScenarioFingerprint,
            Variant = Variant,
            Finding = Finding,
            Spec = Spec,
            Message = Message,
            Steps = Steps,
            Strategy = Strategy,
            Seed = Seed,
            MaxSteps = MaxSteps,
            Events = Events,
            CoyoteTrace = coyote.RootElement.Clone(),
        };
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
    }

    private static TraceFile FromDocument(TraceDocument d) => new()
    {
        ModelVersion = Required(d.ModelVersion, "modelVersion"),
        Scenario = Required(d.Scenario, "scenario"),
        ScenarioFingerprint = Required(d.ScenarioFingerprint, "scenarioFingerprint"),
        Variant = Required(d.Variant, "variant"),
        Finding = d.Finding,
        Spec = Required(d.Spec, "spec"),
        Message = Required(d.Message, "message"),
        Steps = d.Steps is null or >= 0 ? d.Steps : throw new JsonInputError($"field 'steps' must be a count of steps, not {d.Steps}"),
        Strategy = Required(d.Strategy, "strategy"),
        Seed = Required(d.Seed, "seed"),
        MaxSteps = Required(d.MaxSteps, "maxSteps") is >= 1 and var max ? max : throw new JsonInputError("field 'maxSteps' must be at least 1"),
        Events = d.Events,
        CoyoteTrace = d.CoyoteTrace is { ValueKind: JsonValueKind.Object } coyote
            ? coyote.GetRawText()
            : throw new JsonInputError($"field 'coyoteTrace' must be Coyote's trace (an object), not {(d.CoyoteTrace is { } c ? StrictJson.Describe(c) : "missing")}"),
    };

    private static T Required<T>(T? value, string field) where T : class =>
        value ?? throw new JsonInputError($"field '{field}' is missing");

    private static uint Required(uint? value, string field) =>
        value ?? throw new JsonInputError($"field '{field}' is missing");

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

    /// <summary>Whether the format field names this format; a string that is not valid UTF-16 (a lone surrogate escape) does not.</summary>
    private static bool IsFormat(JsonElement format)
    {
        try
        {
            return format.ValueEquals(Format);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static TraceFile Parse(string text, string source)
    {
        TraceFile trace;
        try
        {
            using var document = StrictJson.Parse(text);
            var root = document.RootElement;
            var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) ? f : default;
            if (format.ValueKind != JsonValueKind.String || !IsFormat(format))
            {
                var found = format.ValueKind == JsonValueKind.Undefined ? "none" : StrictJson.Describe(format);
                throw new TraceError($"{source}: not a vwb trace (format: {found}; expected \"{Format}\")");
            }
            trace = FromDocument(StrictJson.Bind(root, EngineJsonContext.Default.TraceDocument));
        }
        catch (JsonInputError e)
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

/// <summary>A saved trace as JSON sees it (format "vwb-trace/1"); <see cref="TraceFile"/> checks what must be there.</summary>
public sealed record TraceDocument
{
    public string? Format { get; set; }
    public string? ModelVersion { get; set; }
    public string? Scenario { get; set; }
    public string? ScenarioFingerprint { get; set; }
    public string? Variant { get; set; }
    public string? Finding { get; set; }
    public string? Spec { get; set; }
    public string? Message { get; set; }
    public int? Steps { get; set; }
    public string? Strategy { get; set; }
    public uint? Seed { get; set; }
    public uint? MaxSteps { get; set; }
    /// <summary>The recorded run's kernel events, one line each.</summary>
    public IReadOnlyList<string>? Events { get; set; }
    /// <summary>Coyote's ReproducibleTrace, verbatim.</summary>
    public JsonElement? CoyoteTrace { get; set; }
}
