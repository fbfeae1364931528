using System.Text.Json.Nodes;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Actors;

/// <summary>
/// A replay reproduces only when the whole interleaving matches what the trace recorded (every
/// kernel event, and the number of scheduling steps); otherwise it says where the run first
/// diverged. Each case damages a committed trace the way a user or a tool might.
/// </summary>
public sealed class TraceDivergenceTests
{
    private const string H4 = "h4-discontiguous-subpage.trace.json";

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "traces", name)))!.AsObject();

    private static ReplayResult Replay(JsonObject trace) => Replayer.Replay(TraceFile.Parse(trace.ToJsonString(), "damaged"));

    private static JsonArray Steps(JsonObject trace) => trace["coyoteTrace"]!["Steps"]!.AsArray();

    [Fact]
    public void The_committed_trace_reproduces_with_no_divergence()
    {
        var result = Replay(Load(H4));
        Assert.True(result.Reproduced);
        Assert.Null(result.Divergence);
    }

    [Fact]
    public void A_schedule_cut_in_half_is_not_reproduced_and_names_the_first_divergence_and_the_step_count()
    {
        var trace = Load(H4);
        var steps = Steps(trace);
        var recorded = steps.Count;
        var half = steps.Count / 2;
        while (steps.Count > half)
        {
            steps.RemoveAt(steps.Count - 1);
        }
        var result = Replay(trace);
        Assert.False(result.Reproduced);
        Assert.Matches($"^first diverged at event [0-9]+: .*; the trace's schedule has {half} scheduling steps but its run recorded {recorded}: the schedule was edited$", result.Divergence);
    }

    [Fact]
    public void A_schedule_cut_in_half_with_its_header_edited_to_match_diverges_at_an_event()
    {
        var trace = Load(H4);
        var steps = Steps(trace);
        while (steps.Count > 31)
        {
            steps.RemoveAt(steps.Count - 1);
        }
        trace["steps"] = 31;
        var result = Replay(trace);
        Assert.False(result.Reproduced);
        Assert.StartsWith("first diverged at event ", result.Divergence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_last_step_is_not_reproduced()
    {
        var trace = Load(H4);
        var recorded = Steps(trace).Count;
        Steps(trace).RemoveAt(recorded - 1);
        var result = Replay(trace);
        Assert.False(result.Reproduced);
        Assert.EndsWith($"the trace's schedule has {recorded - 1} scheduling steps but its run recorded {recorded}: the schedule was edited", result.Divergence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_variant_diverges_where_the_runs_part()
    {
        var trace = Load(H4);
        trace["variant"] = "upstream";
        var result = Replay(trace);
        Assert.False(result.Reproduced);
        var recorded = trace["events"]!.AsArray().Count;
        Assert.Matches($"^first diverged at event [0-9]+: the replay ended after [0-9]+ events, the trace recorded {recorded} ", result.Divergence);
    }

    [Fact]
    public void An_edited_event_is_found_at_its_number_though_the_spec_still_fires()
    {
        var trace = Load(H4);
        var events = trace["events"]!.AsArray();
        var recorded = events[10]!.GetValue<string>();
        events[10] = recorded.Replace("writer0", "completion0", StringComparison.Ordinal);
        var result = Replay(trace);
        Assert.Equal("WritebackEndsOnce", result.Spec);
        Assert.False(result.Reproduced);
        Assert.Equal($"first diverged at event 11: recorded `{events[10]}`, replayed `{recorded}`", result.Divergence);
    }

    [Fact]
    public void A_trace_without_events_cannot_claim_to_reproduce()
    {
        var trace = Load(H4);
        trace.Remove("events");
        var result = Replay(trace);
        Assert.False(result.Reproduced);
        Assert.StartsWith("the trace does not record its run's events", result.Divergence, StringComparison.Ordinal);
    }
}
