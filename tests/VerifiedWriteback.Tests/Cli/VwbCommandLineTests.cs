using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// What the command-line parser (System.CommandLine) adds or refuses beyond the per-command
/// tests: both spellings of a value, `--` before a file name that starts with a dash, -h, a
/// repeated option, a value-less switch given a value, --version.
/// </summary>
public sealed class VwbCommandLineTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void An_option_value_may_follow_an_equals_sign()
    {
        var file = Path.Combine(scratch.Path, "f1.txt");
        var run = VwbInvocation.Of("explain", TraceCorpus.PathOf("f1-sync-enomem.trace.json"), "--format=mermaid", $"--out={file}");
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Contains("\nsequenceDiagram\n", File.ReadAllText(file).Replace("\r", ""));
    }

    [Fact]
    public void A_file_name_starting_with_a_dash_is_an_unknown_option_unless_after_double_dash()
    {
        Assert.Contains("unknown option '-case.json'", VwbInvocation.Of("run", "-case.json").AssertBadInput());

        Directory.CreateDirectory(Path.Combine(scratch.Path, "d"));
        var dashed = Path.Combine(scratch.Path, "d", "-case.json");
        File.Copy(ExampleCasePath, dashed);
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.Combine(scratch.Path, "d"));
            var run = VwbInvocation.Of("run", "--", "-case.json");
            Assert.Equal("", run.Stderr);
            Assert.Equal(Vwb.Ok, run.Code);
            Assert.Contains("\"events\"", run.Stdout);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    private static string ExampleCasePath => Path.Combine(AppContext.BaseDirectory, "examples", "four-contiguous.json");

    [Theory]
    [InlineData("run")]
    [InlineData("sweep")]
    [InlineData("replay")]
    [InlineData("explain")]
    [InlineData("list")]
    [InlineData("merge")]
    public void Dash_h_is_help_too(string command)
    {
        var run = VwbInvocation.Of(command, "-h");
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith($"usage: vwb {command}", run.Stdout);
    }

    [Fact]
    public void A_repeated_option_is_refused_not_silently_overridden()
    {
        var line = VwbInvocation.Of("sweep", "--iterations", "5", "--iterations", "7").AssertBadInput();
        Assert.Contains("option '--iterations' is given more than once", line);
    }

    [Fact]
    public void A_switch_takes_no_value()
    {
        Assert.Contains("sweep takes no positional argument ('true'", VwbInvocation.Of("sweep", "--plain", "true").AssertBadInput());
    }

    [Fact]
    public void Too_many_parallel_processes_is_a_typo()
    {
        Assert.Contains("--parallel 100000: at most 256 processes", VwbInvocation.Of("sweep", "--parallel", "100000").AssertBadInput());
    }

    [Fact]
    public void Response_files_and_directives_are_not_special()
    {
        // "@file" is a file name like any other (no response-file expansion) ...
        Assert.Contains("cannot read @no-such.json", VwbInvocation.Of("run", "@no-such.json").AssertBadInput());
        // ... and "[diagram]" is not a parser directive.
        Assert.Contains("unknown command '[diagram]'", VwbInvocation.Of("[diagram]", "list").AssertBadInput());
    }

    [Fact]
    public void Version_prints_one_line()
    {
        var run = VwbInvocation.Of("--version");
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Equal("", run.Stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\n$", run.Stdout.Replace("\r", ""));
        // vwb's own version, not the version of the process that hosts it (here: the test host).
        Assert.StartsWith(typeof(Vwb).Assembly.GetName().Version!.ToString(3), run.Stdout);
    }
}
