using System.Text.Json.Nodes;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>Typed reads of report JSON that fail with one <see cref="ReportError"/> line naming the file and the field.</summary>
internal static class JsonRead
{
    public static JsonObject Object(JsonNode? node, string what, string source) =>
        node as JsonObject ?? throw new ReportError($"{source}: {what} is not a JSON object");

    public static T Required<T>(JsonObject o, string field, string source) =>
        o[field] is null ? throw new ReportError($"{source}: field '{field}' is missing") : Optional<T>(o, field, source)!;

    public static T? Optional<T>(JsonObject o, string field, string source)
    {
        var node = o[field];
        if (node is null)
        {
            return default;
        }
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ReportError($"{source}: field '{field}' has the wrong type ({node.ToJsonString()})");
        }
    }

    public static JsonArray Array(JsonObject o, string field, string source) =>
        o[field] as JsonArray ?? throw new ReportError($"{source}: field '{field}' is missing or not an array");
}
