using System.Text.Json.Nodes;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `vwb replay TRACE`: every committed trace reproduces (exit 0) and prints its timeline; a trace
/// that cannot be replayed faithfully (corrupted, another scenario, another model version, a
/// damaged schedule) is one clear line and exit 1.
/// </summary>
public sealed class VwbReplayTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    public static TheoryData<string> Traces() => TraceCorpus.Names();

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_committed_trace_replays_through_vwb(string name)
    {
        var path = TraceCorpus.PathOf(name);
        var trace = TraceFile.Load(path);
        var run = VwbInvocation.Of("replay", path);

        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Contains($"vwb replay: {trace.Scenario} / {trace.Variant}", run.Stdout);
        Assert.Contains($"reproduced: {trace.Spec}", run.Stdout);
        Assert.Contains("ext4_bio_write_page(", run.Stdout);
        Assert.Contains(run.Stdout.Split('\n'), l => l.StartsWith(">>", StringComparison.Ordinal));
    }

    private static string F1 => File.ReadAllText(TraceCorpus.PathOf("f1-sync-enomem.trace.json"));

    private string Edited(string field, JsonNode? value)
    {
        var o = JsonNode.Parse(F1)!.AsObject();
        o[field] = value;
        return scratch.Write("edited.trace.json", o.ToJsonString());
    }

    [Fact]
    public void A_corrupted_trace_is_one_line_and_exit_1()
    {
        var cut = scratch.Write("cut.trace.json", F1[..(F1.Length / 2)]);
        var line = VwbInvocation.Of("replay", cut).AssertBadInput();
        Assert.Contains("cut.trace.json: corrupted trace", line);
    }

    [Fact]
    public void A_trace_of_another_scenario_is_one_line_and_exit_1()
    {
        var line = VwbInvocation.Of("replay", Edited("scenario", "pool-deadlock")).AssertBadInput();
        Assert.Contains("recorded on scenario 'sync-enomem', not 'pool-deadlock'", line);
    }

    [Fact]
    public void A_trace_of_another_model_version_is_one_line_and_exit_1()
    {
        var line = VwbInvocation.Of("replay", Edited("modelVersion", "vwb-model-0")).AssertBadInput();
        Assert.Contains("model version 'vwb-model-0'", line);
    }

    [Fact]
    public void A_trace_whose_schedule_was_damaged_is_one_line_and_exit_1()
    {
        var o = JsonNode.Parse(F1)!.AsObject();
        o["coyoteTrace"]!["Steps"]![3] = "not a step";
        var line = VwbInvocation.Of("replay", scratch.Write("damaged.trace.json", o.ToJsonString())).AssertBadInput();
        Assert.Contains("the trace is corrupted", line);
    }

    [Fact]
    public void A_missing_trace_is_one_line_and_exit_1()
    {
        Assert.Contains("cannot read", VwbInvocation.Of("replay", Path.Combine(scratch.Path, "none.trace.json")).AssertBadInput());
    }
}

/// <summary>The committed traces of tests/traces, copied beside the test assembly.</summary>
internal static class TraceCorpus
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "traces");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.trace.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }
}
