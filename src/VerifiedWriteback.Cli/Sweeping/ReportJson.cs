using System.Text.Json;
using System.Text.Json.Serialization;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Json;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>report.json (format "vwb-sweep-report/1") as JSON sees it.</summary>
public sealed record ReportDocument
{
    public string? Format { get; set; }
    public string? ModelVersion { get; set; }
    public string? PlanFingerprint { get; set; }
    public string? Scope { get; set; }
    public string? Status { get; set; }
    public TotalsDocument? Totals { get; set; }
    public List<ShardDocument>? Shards { get; set; }
    public List<RowDocument>? Rows { get; set; }
    public List<NotRunDocument>? NotRun { get; set; }
    public ConfigDocument? Config { get; set; }
}

/// <summary>The first line of report.jsonl: the plan of the sweep that writes the file.</summary>
public sealed record ReportStartDocument
{
    public string? Type { get; set; }
    public string? Format { get; set; }
    public string? ModelVersion { get; set; }
    public string? PlanFingerprint { get; set; }
    public string? Scope { get; set; }
    public ConfigDocument? Config { get; set; }
}

/// <summary>One finished cell: a row of report.json, or a line of report.jsonl (then with "type": "row").</summary>
public sealed record RowDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; set; }
    public int? Index { get; set; }
    public string? Scenario { get; set; }
    public string? Variant { get; set; }
    public string? Strategy { get; set; }
    public string? Expect { get; set; }
    public string? Finding { get; set; }
    public string? Outcome { get; set; }
    public string? Spec { get; set; }
    /// <summary>The catalogued finding whose signature the violating run matches, or NEW (bug rows only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Found { get; set; }
    public bool? AsExpected { get; set; }
    public int? Iterations { get; set; }
    public double? Seconds { get; set; }
    public double? IterationsPerSecond { get; set; }
    public List<string>? OtherSpecs { get; set; }
    public string? Stopped { get; set; }
    public string? Message { get; set; }
    public string? Trace { get; set; }
}

/// <summary>How one shard ended, in report.json "shards".</summary>
public sealed record ShardDocument
{
    public string? Shard { get; set; }
    public string? Status { get; set; }
    public int? ExitCode { get; set; }
    public string? Note { get; set; }
}

/// <summary>A cell of the plan no report row covers, in report.json "notRun".</summary>
public sealed record NotRunDocument
{
    public int Index { get; set; }
    public string? Scenario { get; set; }
    public string? Variant { get; set; }
    public string? Strategy { get; set; }
    public string? Expect { get; set; }
    public string? Finding { get; set; }
    public string? Reason { get; set; }
}

/// <summary>report.json "totals".</summary>
public sealed record TotalsDocument
{
    public int Cells { get; set; }
    public int Run { get; set; }
    public int AsExpected { get; set; }
    public int Unexpected { get; set; }
    public int NotRun { get; set; }
    public int Bugs { get; set; }
    public long Iterations { get; set; }
    public double Seconds { get; set; }
    public double IterationsPerSecond { get; set; }
}

/// <summary>
/// The report contracts for System.Text.Json (source-generated): camelCase, unknown fields
/// refused, nulls written (a row says "spec": null), except where a property says otherwise.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(ReportStartDocument))]
[JsonSerializable(typeof(RowDocument))]
public sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>The same contracts, written indented (report.json).</summary>
    public static ReportJsonContext Indented => indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });

    private static ReportJsonContext? indented;
}

/// <summary>Reading a report file's JSON: any failure is one <see cref="ReportError"/> line that names the file.</summary>
internal static class ReportJson
{
    public static T Read<T>(string text, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract, string source, Action<JsonElement>? check = null)
    {
        try
        {
            using var document = StrictJson.Parse(text);
            check?.Invoke(document.RootElement);
            return StrictJson.Bind(document.RootElement, contract);
        }
        catch (JsonInputError e)
        {
            throw new ReportError($"{source}: {e.Message}");
        }
    }

    /// <summary>The text of a root string field, for checks made before the whole contract ("format", "type").</summary>
    public static string? Text(JsonElement root, string field) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? StrictJson.OneLine(value.GetRawText().Trim('"'), 60)
            : null;

    public static T Required<T>(T? value, string field, string source) where T : class =>
        value ?? throw new ReportError($"{source}: field '{field}' is missing");

    public static T Required<T>(T? value, string field, string source) where T : struct =>
        value ?? throw new ReportError($"{source}: field '{field}' is missing");
}
