using System.CommandLine;
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

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var files = Options.Positionals("CASE.json");
        var command = new Command("run", "Run ext4_bio_write_page once, sequentially; print the JSON answer.") { files };
        command.SetAction(parse =>
        {
            var given = Options.PositionalsOf(parse, files);
            return given.Count == 1 ? Execute(given[0], stdout, stderr) : throw new UsageError("run takes one case file: vwb run CASE.json");
        });
        return (command, Help);
    }

    public static int Execute(string file, TextWriter stdout, TextWriter stderr)
    {
        if (file != Paths.StandardInput)
        {
            Paths.InputFile(file, "the case file");
        }
        string text;
        try
        {
            text = file == Paths.StandardInput ? Console.In.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot read {file}: {e.Message}");
        }
        CaseResult result;
        try
        {
            result = CaseRunner.Run(WritePageCase.Parse(text));
        }
        catch (CaseError e)
        {
            return Vwb.Fail(stderr, $"{file}: {e.Message}");
        }
        stdout.WriteLine(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return result.Bug is null ? Vwb.Ok : Vwb.Unexpected;
    }
}
