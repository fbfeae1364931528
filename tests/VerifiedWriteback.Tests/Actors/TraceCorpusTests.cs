using VerifiedWriteback.Kernel;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Actors;

/// <summary>Every committed bug trace replays, in this process, to the violation it recorded.</summary>
public sealed class TraceCorpusTests
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "traces"), "*.trace.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void TheCorpusHoldsEveryCatalogedFinding()
    {
        var findings = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "traces"), "*.trace.json")
            .Select(f => TraceFile.Load(f).Finding).ToHashSet();
        foreach (var f in new[] { "F1", "F2", "F3", "F4", "H1", "H2", "H3", "H4", "H5" })
        {
            Assert.Contains(f, findings);
        }
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void ReplaysToTheRecordedViolation(string name)
    {
        var trace = TraceFile.Load(Path.Combine(AppContext.BaseDirectory, "traces", name));
        var first = Replayer.Replay(trace);
        Assert.True(first.Reproduced, $"{name}: recorded {trace.Spec}, replay gave {first.Spec ?? "no violation"}");
        Assert.Equal(trace.Spec, first.Spec);

        // Deterministic: a second replay makes exactly the same kernel calls in the same order.
        var second = Replayer.Replay(trace);
        Assert.Equal(first.Events.Select(e => $"{e.Cpu} {EventWire.Describe(e)}"), second.Events.Select(e => $"{e.Cpu} {EventWire.Describe(e)}"));
    }
}
