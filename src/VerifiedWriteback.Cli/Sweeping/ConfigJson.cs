using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// The configuration a sweep actually ran, written in coyote.json's own shape (so the "config" of
/// a report is itself a valid --config file), and its fingerprint: shards of one sweep share it.
/// </summary>
public static class ConfigJson
{
    public static JsonObject Write(SweepConfig config, uint? timeoutSeconds)
    {
        var sweep = new JsonObject
        {
            ["strategies"] = new JsonArray(config.Strategies.Select(s => (JsonNode)s).ToArray()),
            ["iterations"] = config.Iterations,
            ["findingIterations"] = config.FindingIterations,
            ["seed"] = config.Seed,
        };
        if (timeoutSeconds is { } t)
        {
            sweep["timeoutSeconds"] = t;
        }
        return new JsonObject
        {
            ["engine"] = new JsonObject
            {
                ["maxSteps"] = config.Engine.MaxSteps,
                ["pctPriorityChangeBound"] = config.Engine.PctPriorityChangeBound,
                ["probabilisticLevel"] = config.Engine.ProbabilisticLevel,
            },
            ["sweep"] = sweep,
            ["matrix"] = new JsonArray(config.Matrix.Select(Entry).ToArray()),
        };
    }

    private static JsonNode Entry(MatrixEntry e)
    {
        var o = new JsonObject { ["scenario"] = e.Scenario, ["variant"] = e.Variant, ["expect"] = e.Expect };
        if (e.Finding is { } f)
        {
            o["finding"] = f;
        }
        return o;
    }

    /// <summary>sweep.timeoutSeconds of a configuration file, if it has one (SweepConfig does not read it).</summary>
    public static uint? ReadTimeout(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return doc.RootElement.TryGetProperty("sweep", out var s) && s.TryGetProperty("timeoutSeconds", out var t) ? t.GetUInt32() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static string Fingerprint(JsonObject config)
    {
        var text = config.ToJsonString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }
}
