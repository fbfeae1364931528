using System.CommandLine;
using System.CommandLine.Help;
using VerifiedWriteback.Cli.Commands;
using VerifiedWriteback.Json;

namespace VerifiedWriteback.Cli;

/// <summary>Dispatch of `vwb COMMAND ...`. Exit codes: 0 as expected, 1 bad input, 2 unexpected outcome.</summary>
public static class Vwb
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Unexpected = 2;
    /// <summary>A sweep stopped by Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    public const string Usage = """
        vwb: VerifiedWriteback, a model-checked reference of ext4_bio_write_page (Linux 4.4).

        usage:
          vwb run CASE.json              run ext4_bio_write_page once, sequentially; print the JSON answer
          vwb sweep [OPTIONS]            run the coyote.json matrix under Coyote; table, report.json, junit.xml, traces
          vwb prove [OPTIONS]            explore EVERY schedule of small cells: exhausted, or the shortest counterexample
          vwb replay TRACE.json          replay a saved bug trace deterministically, with its timeline
          vwb explain TRACE.json [--format text|mermaid|html] [--out FILE]
                                         the interleaving as a timeline of kernel calls, one lane per actor
          vwb list [variants|scenarios|specs]
                                         what the model knows, one line each
          vwb merge REPORT... [--out DIR] combine the reports of the shards of one sweep
          vwb costs REPORT... [--out FILE]
                                         the seconds each cell took, as the table that balances shards
          vwb COMMAND --help             the options of a command
          vwb --help                     this text
          vwb --version                  the version of vwb

        Exit codes: 0 done as expected, 1 bad input (one line on stderr), 2 the model reported a
        kernel BUG or hang (run), an unexpected outcome (sweep, merge) or a trace that did not
        reproduce (replay, explain), 130 a sweep stopped by Ctrl-C.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            return Fail(stderr, "no command given (try vwb --help)");
        }
        if (args is ["help"])
        {
            stdout.WriteLine(Usage);
            return Ok;
        }
        try
        {
            var parse = CommandLine(stdout, stderr).Parse(args, Options.Parsing);
            if (Options.Error(parse) is { } error)
            {
                return Fail(stderr, error);
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                // Ctrl-C belongs to the sweep (Interruption), not to the parser.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageError e)
        {
            return Fail(stderr, e.Message);
        }
        catch (VerifiedWriteback.Engine.ToolOutOfMemoryException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("VWB_DEBUG") is null)
        {
            // A bug of vwb itself: still one line (VWB_DEBUG=1 shows the stack trace).
            return Fail(stderr, $"internal error, please report it: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    /// <summary>The commands, their options and actions; help (--help, -h) prints each command's own text.</summary>
    public static RootCommand CommandLine(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("vwb: VerifiedWriteback, a model-checked reference of ext4_bio_write_page (Linux 4.4).");
        root.Directives.Clear();
        var help = new Dictionary<Command, string> { [root] = Usage };
        foreach (var (command, text) in new[]
        {
            RunCommand.Create(stdout, stderr),
            SweepCommand.Create(stdout, stderr),
            ReplayCommand.Create(stdout, stderr),
            ExplainCommand.Create(stdout, stderr),
            ListCommand.Create(stdout, stderr),
            MergeCommand.Create(stdout, stderr),
            CostsCommand.Create(stdout, stderr),
            ProveCommand.Create(stdout, stderr),
        })
        {
            root.Subcommands.Add(command);
            help[command] = text;
        }
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            option.Action = new Options.HelpText(help, stdout);
        }
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new Options.VersionText(stdout);
        }
        return root;
    }

    /// <summary>The one line of bad input: whatever the message holds (a file name with a newline, a parser's quotation), it stays one line.</summary>
    public static int Fail(TextWriter stderr, string line)
    {
        stderr.WriteLine("vwb: " + StrictJson.OneLine(line, 1000));
        return BadInput;
    }
}

/// <summary>A command line the user got wrong.</summary>
public sealed class UsageError(string message) : Exception(message);
