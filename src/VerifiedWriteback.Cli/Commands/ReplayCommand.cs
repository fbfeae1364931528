using VerifiedWriteback.Actors.Sweep;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb replay TRACE`: rerun a saved bug deterministically and say whether it reproduces.</summary>
public static class ReplayCommand
{
    public const string Help = """
        usage: vwb replay TRACE.json
          Replays a trace saved by vwb sweep (Coyote's reproducible trace plus the scenario,
          variant and model version it needs), prints the violated spec and the kernel-call
          timeline, and exits 0 when the recorded violation reproduces, 2 when it does not,
          1 when the trace is unreadable or belongs to another model version or scenario.
        """;

    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(Help);
            return Vwb.Ok;
        }
        var o = Options.Parse(args, []);
        if (o.Positional.Count != 1)
        {
            throw new UsageError("replay takes one trace file: vwb replay TRACE.json");
        }
        TraceFile trace;
        try
        {
            trace = TraceFile.Load(o.Positional[0]);
        }
        catch (TraceError e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        var result = Replayer.Replay(trace);
        stdout.WriteLine($"scenario {trace.Scenario}, variant {trace.Variant}{(trace.Finding is null ? "" : $", finding {trace.Finding}")}");
        foreach (var e in result.Events)
        {
            stdout.WriteLine($"{e.Seq,4} {e.Cpu,-14} {e.Describe()}");
        }
        stdout.WriteLine(result.Reproduced
            ? $"reproduced: {result.Spec}: {result.Message}"
            : $"NOT reproduced: recorded {trace.Spec}, replay gave {result.Spec ?? "no violation"}");
        return result.Reproduced ? Vwb.Ok : Vwb.Unexpected;
    }
}
