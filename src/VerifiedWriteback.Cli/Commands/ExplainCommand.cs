using System.CommandLine;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli.Explaining;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb explain TRACE`: the interleaving of a saved bug as a timeline of kernel calls.</summary>
public static class ExplainCommand
{
    public const string Help = """
        usage: vwb explain TRACE.json [--format text|mermaid|html] [--out FILE]
          Replays the trace and tells the interleaving as a timeline of kernel calls, one lane per
          actor (writer0, completion0, kworker, crypto, fsync, ...), with the page and buffer flags
          (BH_Dirty, BH_Async_Write, the bio holding each buffer) at the decisive steps and the
          violating step highlighted.
            text     (default) a column per actor, for a terminal
            mermaid  a Mermaid sequenceDiagram (paste it into any Mermaid renderer)
            html     one self-contained page with an SVG sequence diagram (no network needed)
          --out FILE writes it there instead of to stdout.
          Exit 0 when the recorded violation reproduces, 2 when it does not (the timeline is still
          written), 1 on bad input.
        """;

    private static readonly string[] Formats = ["text", "mermaid", "html"];

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var traces = Options.Positionals("TRACE.json");
        var format = Options.Text("--format", "text (default), mermaid or html");
        var output = Options.Text("--out", "write the timeline to FILE instead of stdout");
        var command = new Command("explain", "The interleaving of a trace as a timeline of kernel calls.") { traces, format, output };
        command.SetAction(parse =>
        {
            var given = Options.PositionalsOf(parse, traces);
            if (given.Count != 1)
            {
                throw new UsageError("explain takes one trace file: vwb explain TRACE.json [--format text|mermaid|html] [--out FILE]");
            }
            return Execute(given[0], parse.GetValue(format) ?? "text", parse.GetValue(output), stdout, stderr);
        });
        return (command, Help);
    }

    public static int Execute(string path, string format, string? outFile, TextWriter stdout, TextWriter stderr)
    {
        if (!Formats.Contains(format))
        {
            throw new UsageError($"unknown format '{format}' (known: {string.Join(", ", Formats)})");
        }
        Paths.InputFile(path, "the trace file");
        if (outFile is not null)
        {
            Paths.OutputFile(outFile, "--out");
        }
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
        var timeline = TimelineBuilder.Build(path, trace, result);
        var text = format switch
        {
            "mermaid" => MermaidTimeline.Render(timeline),
            "html" => HtmlTimeline.Render(timeline),
            _ => TextTimeline.Render(timeline),
        };
        if (outFile is { } file)
        {
            try
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(file));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }
                File.WriteAllText(file, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Vwb.Fail(stderr, $"cannot write {Paths.Show(file)}: {e.Message}");
            }
            stdout.WriteLine($"{timeline.Verdict}; {format} timeline of {timeline.Steps.Count} steps written to {file}");
        }
        else
        {
            stdout.Write(text);
        }
        return result.Reproduced ? Vwb.Ok : Vwb.Unexpected;
    }
}
