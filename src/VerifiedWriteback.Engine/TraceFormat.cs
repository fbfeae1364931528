using System.Text.Json;

namespace VerifiedWriteback.Engine;

/// <summary>Reading Coyote's reproducible trace (JSON) without depending on its internals beyond the step list.</summary>
public static class TraceFormat
{
    /// <summary>Scheduling steps (controlled decisions) recorded in a trace.</summary>
    public static int? CountSteps(string? trace)
    {
        if (string.IsNullOrEmpty(trace))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(trace);
            foreach (var name in new[] { "Steps", "steps", "Decisions", "decisions" })
            {
                if (doc.RootElement.TryGetProperty(name, out var steps) && steps.ValueKind == JsonValueKind.Array)
                {
                    return steps.GetArrayLength();
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
