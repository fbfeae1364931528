using System.Text.Json.Nodes;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Actors;

/// <summary>A trace that cannot be replayed faithfully is refused with one clear reason.</summary>
public sealed class TraceRejectionTests
{
    private static string Original => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "traces", "f1-sync-enomem.trace.json"));

    private static string With(string field, JsonNode? value)
    {
        var o = JsonNode.Parse(Original)!.AsObject();
        o[field] = value;
        return o.ToJsonString();
    }

    [Fact]
    public void CorruptedFileIsRejected()
    {
        var e = Assert.Throws<TraceError>(() => TraceFile.Parse(Original[..(Original.Length / 2)], "cut.json"));
        Assert.Contains("corrupted trace", e.Message);
    }

    [Fact]
    public void AnotherModelVersionIsRejected()
    {
        var e = Assert.Throws<TraceError>(() => TraceFile.Parse(With("modelVersion", "vwb-model-0"), "old.json"));
        Assert.Contains("model version 'vwb-model-0'", e.Message);
    }

    [Fact]
    public void AnotherScenarioIsRejected()
    {
        var e = Assert.Throws<TraceError>(() => TraceFile.Parse(With("scenario", "pool-deadlock"), "moved.json"));
        Assert.Contains("recorded on scenario 'sync-enomem', not 'pool-deadlock'", e.Message);
    }

    [Fact]
    public void UnknownScenarioIsRejected()
    {
        var e = Assert.Throws<TraceError>(() => TraceFile.Parse(With("scenario", "no-such"), "x.json"));
        Assert.Contains("unknown scenario 'no-such'", e.Message);
    }

    [Fact]
    public void NotATraceIsRejected()
    {
        var e = Assert.Throws<TraceError>(() => TraceFile.Parse("{\"format\": \"something-else\"}", "y.json"));
        Assert.Contains("not a vwb trace", e.Message);
    }
}
