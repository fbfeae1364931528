using VerifiedWriteback.Cli.Commands;

namespace VerifiedWriteback.Cli;

/// <summary>Dispatch of `vwb COMMAND ...`. Exit codes: 0 as expected, 1 bad input, 2 unexpected outcome.</summary>
public static class Vwb
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Unexpected = 2;

    public const string Usage = """
        vwb: VerifiedWriteback, a model-checked reference of ext4_bio_write_page (Linux 4.4).

        usage:
          vwb run CASE.json        run ext4_bio_write_page once, sequentially; print the JSON answer
          vwb sweep [OPTIONS]      run the coyote.json matrix under Coyote; compare with expectations
          vwb replay TRACE.json    replay a saved bug trace deterministically
          vwb --help               this text

        Exit codes: 0 done as expected, 1 bad input (one line on stderr), 2 the model reported a
        kernel BUG or hang (run) or an unexpected outcome.
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
                _ => Fail(stderr, $"unknown command '{args[0]}' (try vwb --help)"),
            };
        }
        catch (UsageError e)
        {
            return Fail(stderr, e.Message);
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
