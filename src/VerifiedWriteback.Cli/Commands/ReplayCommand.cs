using System.CommandLine;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli.Explaining;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb replay TRACE`: rerun a saved bug deterministically and say whether it reproduces.</summary>
public static class ReplayCommand
{
    public const string Help = """
        usage: vwb replay TRACE.json
          Replays a trace saved by vwb sweep (Coyote's reproducible trace plus the scenario,
          variant and model version it needs), prints the violated spec and the kernel-call
          timeline (one column per actor, page and buffer flags at the decisive steps, '>>' at
          the violating step), and exits 0 when the recorded violation reproduces, 2 when it does
          not, 1 when the trace is unreadable, corrupted, or belongs to another model version or
          scenario. vwb explain draws the same timeline as Mermaid or HTML.
        """;

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var traces = Options.Positionals("TRACE.json");
        var command = new Command("replay", "Replay a saved bug trace deterministically, with its timeline.") { traces };
        command.SetAction(parse =>
        {
            var given = Options.PositionalsOf(parse, traces);
            return given.Count == 1 ? Execute(given[0], stdout, stderr) : throw new UsageError("replay takes one trace file: vwb replay TRACE.json");
        });
        return (command, Help);
    }

    public static int Execute(string path, TextWriter stdout, TextWriter stderr)
    {
        Paths.InputFile(path, "the trace file");
        TraceFile trace;
        ReplayResult result;
        try
        {
            (trace, result) = TraceReplay.Run(path);
        }
        catch (TraceError e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        stdout.Write(TextTimeline.Render(TimelineBuilder.Build(path, trace, result), "replay"));
        stdout.WriteLine();
        stdout.WriteLine(result.Reproduced
            ? $"reproduced: {result.Spec}: {result.Message}"
            : $"NOT reproduced: recorded {trace.Spec}, replay gave {result.Spec ?? "no violation"}" + (result.Divergence is { } d ? $"; {d}" : ""));
        return result.Reproduced ? Vwb.Ok : Vwb.Unexpected;
    }
}
