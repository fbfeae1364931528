namespace VerifiedWriteback.Tests.Cli;

/// <summary>Bad sweep and merge command lines: exit 1, one "vwb: ..." line on stderr, nothing run.</summary>
public sealed class VwbSweepFlagTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("--bogus", "x", "unknown option '--bogus'")]
    [InlineData("--shard", "2/2", "--shard 2/2")]
    [InlineData("--shard", "1", "--shard takes I/N")]
    [InlineData("--shard", "a/b", "--shard takes I/N")]
    [InlineData("--parallel", "0", "--parallel must be at least 1")]
    [InlineData("--parallel", "two", "--parallel takes a whole number")]
    [InlineData("--iterations", "-5", "--iterations takes a whole number")]
    [InlineData("--iterations", "0", "--iterations must be at least 1")]
    [InlineData("--timeout", "0", "--timeout must be at least 1 second")]
    [InlineData("--seed", "1.5", "--seed takes a whole number")]
    [InlineData("--strategy", "dfs", "unknown strategy 'dfs'")]
    [InlineData("--scenario", "no-such", "unknown scenario 'no-such'")]
    [InlineData("--variant", "mainline", "unknown variant 'mainline'")]
    [InlineData("--scenario", "io-errors", "no matrix entry has scenario 'io-errors'")]
    [InlineData("extra", null, "sweep takes no positional argument")]
    public void Bad_sweep_flags_are_one_line_and_exit_1(string flag, string? value, string says)
    {
        string[] args = value is null ? ["sweep", "--config", SmallSweep.Write(scratch), flag] : ["sweep", "--config", SmallSweep.Write(scratch), flag, value];
        var line = VwbInvocation.Of([.. args, "--out", Path.Combine(scratch.Path, "out")]).AssertBadInput();
        Assert.Contains(says, line);
        Assert.False(Directory.Exists(Path.Combine(scratch.Path, "out")));
    }

    [Fact]
    public void A_flag_without_its_value_is_one_line_and_exit_1()
    {
        Assert.Contains("option '--shard' needs a value", VwbInvocation.Of("sweep", "--shard").AssertBadInput());
    }

    [Fact]
    public void A_missing_or_broken_config_is_one_line_and_exit_1()
    {
        var missing = Path.Combine(scratch.Path, "nope.json");
        Assert.Contains("cannot read", VwbInvocation.Of("sweep", "--config", missing).AssertBadInput());

        var broken = scratch.Write("broken.json", "{ \"matrix\": [ ");
        Assert.Contains("not a valid sweep configuration", VwbInvocation.Of("sweep", "--config", broken).AssertBadInput());

        var typo = scratch.Write("typo.json", SmallSweep.Config.Replace("\"hardware-encryption\"", "\"hardware-encrytion\""));
        Assert.Contains("unknown scenario 'hardware-encrytion'", VwbInvocation.Of("sweep", "--config", typo).AssertBadInput());
    }

    [Theory]
    [InlineData(new string[] { "merge" }, "merge takes the reports")]
    [InlineData(new string[] { "merge", "/no/such/report.json" }, "no such file")]
    [InlineData(new string[] { "merge", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new string[] { "list", "everything" }, "unknown section 'everything'")]
    [InlineData(new string[] { "explain" }, "explain takes one trace file")]
    [InlineData(new string[] { "replay", "a.json", "b.json" }, "replay takes one trace file")]
    public void Bad_command_lines_of_the_other_commands_are_one_line_and_exit_1(string[] args, string says)
    {
        Assert.Contains(says, VwbInvocation.Of(args).AssertBadInput());
    }

    [Theory]
    [InlineData("sweep", "usage: vwb sweep")]
    [InlineData("replay", "usage: vwb replay")]
    [InlineData("explain", "usage: vwb explain")]
    [InlineData("list", "usage: vwb list")]
    [InlineData("merge", "usage: vwb merge")]
    public void Every_command_has_help(string command, string says)
    {
        var run = VwbInvocation.Of(command, "--help");
        Assert.Equal(0, run.Code);
        Assert.Contains(says, run.Stdout);
        Assert.Contains($"vwb {command}", VwbInvocation.Of("--help").Stdout);
    }
}
