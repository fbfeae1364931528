using System.Text.Json.Nodes;
using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The command line's error contract (README, "vwb run"): bad input is exit 1 with exactly one
/// "vwb: ..." line on stderr and no stack trace; help is exit 0; a kernel BUG in the model is
/// exit 2 with the JSON document carrying "bug".
/// </summary>
public sealed class VwbErrorTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private const string GoodCase = """
        { "variant": "seed", "pageSize": 4096, "blockSize": 4096,
          "buffers": [ { "flags": ["dirty","mapped","uptodate"], "block": 100 } ] }
        """;

    [Fact]
    public void A_broken_literal_names_its_line_and_column_without_quoting_the_rest_of_the_file()
    {
        var trace = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "traces", "f1-sync-enomem.trace.json"));
        var at = trace.IndexOf(": true,", StringComparison.Ordinal) + 2;
        var line = VwbInvocation.Of("replay", scratch.Write("broken.trace.json", trace[..at] + "tru" + trace[(at + 4)..])).AssertBadInput();
        Assert.Matches("line [0-9]+, column [0-9]+: the value there is an invalid JSON literal", line);
        Assert.DoesNotContain(trace[(at + 4)..].Trim().Split('"')[1], line);
    }

    [Fact]
    public void The_good_case_used_below_runs()
    {
        var run = VwbInvocation.Of("run", scratch.Write("good.json", GoodCase));
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Malformed_json_is_one_line_and_exit_1()
    {
        var file = scratch.Write("malformed.json", """{ "variant": "seed", "buffers": [ """);
        var line = VwbInvocation.Of("run", file).AssertBadInput();
        Assert.Contains(file, line);
        Assert.Contains("not valid JSON", line);
    }

    [Fact]
    public void Unknown_variant_is_one_line_and_exit_1()
    {
        var file = scratch.Write("variant.json", GoodCase.Replace("\"seed\"", "\"mainline\""));
        var line = VwbInvocation.Of("run", file).AssertBadInput();
        Assert.Contains("unknown variant 'mainline'", line);
        Assert.Contains("seed, 4.4-fixed", line);
    }

    [Theory]
    [InlineData(4096, 1024, 1)]
    [InlineData(4096, 1024, 5)]
    [InlineData(4096, 4096, 2)]
    [InlineData(8192, 4096, 1)]
    public void Buffer_count_not_matching_the_page_geometry_is_one_line_and_exit_1(int pageSize, int blockSize, int count)
    {
        var buffers = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{ "flags": ["dirty","mapped"], "block": {{100 + i}} }"""));
        var file = scratch.Write("geometry.json", $$"""{ "pageSize": {{pageSize}}, "blockSize": {{blockSize}}, "buffers": [ {{buffers}} ] }""");
        var line = VwbInvocation.Of("run", file).AssertBadInput();
        Assert.Contains($"buffers has {count} entries", line);
        Assert.Contains($"has {pageSize / blockSize}", line);
    }

    [Fact]
    public void Unknown_field_is_one_line_and_exit_1()
    {
        var file = scratch.Write("field.json", GoodCase.Replace("\"variant\"", "\"varient\""));
        var line = VwbInvocation.Of("run", file).AssertBadInput();
        Assert.Contains("unknown field 'varient'", line);
    }

    [Fact]
    public void Missing_file_is_one_line_and_exit_1()
    {
        var missing = Path.Combine(scratch.Path, "no-such-case.json");
        var line = VwbInvocation.Of("run", missing).AssertBadInput();
        Assert.Contains("cannot read", line);
        Assert.Contains("no-such-case.json", line);
    }

    [Fact]
    public void Unknown_flag_is_one_line_and_exit_1()
    {
        var line = VwbInvocation.Of("run", "--bogus").AssertBadInput();
        Assert.Contains("unknown option '--bogus'", line);

        line = VwbInvocation.Of("run", scratch.Write("good.json", GoodCase), "--verbose").AssertBadInput();
        Assert.Contains("unknown option '--verbose'", line);
    }

    [Theory]
    [InlineData(new string[0], "no command")]
    [InlineData(new[] { "--bogus" }, "unknown command '--bogus'")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "run" }, "one case file")]
    public void Other_bad_command_lines_are_one_line_and_exit_1(string[] args, string says)
    {
        var line = VwbInvocation.Of(args).AssertBadInput();
        Assert.Contains(says, line);
    }

    [Fact]
    public void Help_exits_0()
    {
        var top = VwbInvocation.Of("--help");
        Assert.Equal(Vwb.Ok, top.Code);
        Assert.Equal("", top.Stderr);
        Assert.Contains("vwb run CASE.json", top.Stdout);

        var run = VwbInvocation.Of("run", "--help");
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Equal("", run.Stderr);
        Assert.Contains("usage: vwb run CASE.json", run.Stdout);
    }

    /// <summary>
    /// Exit 2: finding F4 (adversarial: software encryption with 1K blocks, bio_alloc failing for
    /// the second buffer). The seed's error path (L117-118) frees the bounce page while bio 1,
    /// already submitted, still points at it; when bio 1 completes, ext4_finish_bio follows the
    /// freed page's NULL page_private (page-io.c:87). The model reports that as a kernel BUG: the
    /// JSON is still printed, with "bug", and the exit code is 2.
    /// </summary>
    [Fact]
    public void A_kernel_BUG_in_the_model_prints_the_document_with_bug_and_exits_2()
    {
        var file = scratch.Write("f4.json", """
            { "variant": "seed", "pageSize": 4096, "blockSize": 1024, "encryption": "software",
              "buffers": [ { "flags": ["dirty","mapped","uptodate"], "block": 100 },
                           { "flags": ["dirty","mapped","uptodate"], "block": 200 },
                           { "flags": ["dirty","mapped","uptodate"], "block": 300 },
                           { "flags": ["dirty","mapped","uptodate"], "block": 400 } ],
              "faults": { "bioAlloc": ["ok","ENOMEM"] } }
            """);
        var run = VwbInvocation.Of("run", file);

        Assert.Equal(Vwb.Unexpected, run.Code);
        Assert.Equal("", run.Stderr);
        var doc = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(-12, doc["return"]!.GetValue<int>());
        Assert.Contains("page_private", doc["bug"]!.GetValue<string>());
        var calls = doc["events"]!.AsArray().Select(e => e!["call"]!.GetValue<string>()).ToList();
        Assert.True(calls.IndexOf("ext4_restore_control_page") < calls.IndexOf("bio_endio"));
    }
}
