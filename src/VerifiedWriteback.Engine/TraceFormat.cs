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
            return JsonSerializer.Deserialize(trace, CoyoteTraceContext.Default.CoyoteTraceDocument)?.Steps?.Count;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
