using VerifiedWriteback.Cli.Commands;

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
          vwb COMMAND --help             the options of a command
          vwb --help                     this text

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
        if (args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(Usage);
            return Ok;
        }
        try
        {
            return args[0] switch
            {
                "run" => RunCommand.Execute(args[1..], stdout, stderr),
                "sweep" => SweepCommand.Execute(args[1..], stdout, stderr),
                "replay" => ReplayCommand.Execute(args[1..], stdout, stderr),
                "explain" => ExplainCommand.Execute(args[1..], stdout, stderr),
                "list" => ListCommand.Execute(args[1..], stdout, stderr),
                "merge" => MergeCommand.Execute(args[1..], stdout, stderr),
                "prove" => ProveCommand.Execute(args[1..], stdout, stderr),
                _ => Fail(stderr, $"unknown command '{args[0]}' (try vwb --help)"),
            };
        }
        catch (UsageError e)
        {
            return Fail(stderr, e.Message);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("VWB_DEBUG") is null)
        {
            // A bug of vwb itself: still one line (VWB_DEBUG=1 shows the stack trace).
            return Fail(stderr, $"internal error, please report it: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    public static int Fail(TextWriter stderr, string line)
    {
        stderr.WriteLine("vwb: " + line);
        return BadInput;
    }
}

/// <summary>A command line the user got wrong.</summary>
public sealed class UsageError(string message) : Exception(message);
