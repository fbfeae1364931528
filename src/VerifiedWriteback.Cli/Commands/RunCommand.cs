using System.Text.Json;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb run CASE.json`: the reference answer for one page.</summary>
public static class RunCommand
{
    public const string Help = """
        usage: vwb run CASE.json
          Runs ext4_bio_write_page once, sequentially, and prints JSON: the return value, every
          kernel call made (events), the page and buffer state after, pages_skipped and the disk.
          The case format is in README.md ("vwb run"). Use - to read the case from stdin.
        """;

    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 1 && args[0] is "--help" or "-h")
        {
            stdout.WriteLine(Help);
            return Vwb.Ok;
        }
        foreach (var arg in args)
        {
            if (arg.Length > 1 && arg[0] == '-' && arg is not ("--help" or "-h"))
            {
                throw new UsageError($"unknown option '{arg}' for run (try vwb run --help)");
            }
        }
        if (args.Length != 1)
        {
            throw new UsageError("run takes one case file: vwb run CASE.json");
        }
        string text;
        try
        {
            text = args[0] == "-" ? Console.In.ReadToEnd() : File.ReadAllText(args[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot read {args[0]}: {e.Message}");
        }
        CaseResult result;
        try
        {
            result = CaseRunner.Run(WritePageCase.Parse(text));
        }
        catch (CaseError e)
        {
            return Vwb.Fail(stderr, $"{args[0]}: {e.Message}");
        }
        stdout.WriteLine(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return result.Bug is null ? Vwb.Ok : Vwb.Unexpected;
    }
}
