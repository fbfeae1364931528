using System.Text.Json;
using System.Text.Json.Serialization;

namespace VerifiedWriteback.Engine;

/// <summary>
/// The files the engine reads and writes, for System.Text.Json (source-generated): coyote.json
/// (<see cref="ConfigDocument"/>) and saved traces (<see cref="TraceDocument"/>). camelCase
/// names; unknown fields and nulls where the contract has none are refused; written nulls are
/// kept (a trace says "finding": null), except where a property says otherwise.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConfigDocument))]
[JsonSerializable(typeof(TraceDocument))]
[JsonSerializable(typeof(CellCostsDocument))]
public sealed partial class EngineJsonContext : JsonSerializerContext
{
    /// <summary>The same contracts, written indented (for files).</summary>
    public static EngineJsonContext Indented => indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });

    private static EngineJsonContext? indented;
}

/// <summary>
/// Coyote's own reproducible trace, read only for its step list (Coyote's format is Coyote's:
/// its other fields are left alone).
/// </summary>
internal sealed record CoyoteTraceDocument
{
    public List<JsonElement>? Steps { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(CoyoteTraceDocument))]
internal sealed partial class CoyoteTraceContext : JsonSerializerContext;
