using System.Text.Json.Nodes;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// Inputs an adversarial user tried (issue 12) that used to print "internal error", several
/// lines, or a title on stdout before failing: each is now one `vwb:` line, exit 1, nothing on
/// stdout. (The fuzz suite in tests/.../Fuzzing generates many more of each kind.)
/// </summary>
public sealed class VwbBadInputTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private const string GoodCase = """
        { "variant": "seed", "pageSize": 4096, "blockSize": 4096,
          "buffers": [ { "flags": ["dirty","mapped","uptodate"], "block": 100 } ], "openBio": {"nextBlock": 100} }
        """;

    private static string Trace => TraceCorpus.PathOf("f1-sync-enomem.trace.json");

    /// <summary>The good case with <paramref name="field"/> (a root field, or openBio.NAME) set to the raw JSON <paramref name="json"/>.</summary>
    private string Case(string field, string json)
    {
        var o = JsonNode.Parse(GoodCase)!.AsObject();
        string text;
        if (field.StartsWith("openBio.", StringComparison.Ordinal))
        {
            o["openBio"] = new JsonObject();
            text = o.ToJsonString().Replace("\"openBio\":{}", $"\"openBio\":{{\"{field["openBio.".Length..]}\": {json}}}", StringComparison.Ordinal);
        }
        else
        {
            o.Remove(field);
            var rest = o.ToJsonString();
            text = rest[..^1] + $", \"{field}\": {json}}}";
        }
        return scratch.Write("case.json", text);
    }

    [Fact]
    public void The_good_case_runs()
    {
        var run = VwbInvocation.Of("run", scratch.Write("good.json", GoodCase));
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Code);
    }

    [Theory]
    [InlineData("\"7\"", "the string \"7\"")]
    [InlineData("true", "not true")]
    [InlineData("null", "not null")]
    [InlineData("[7]", "not an array")]
    [InlineData("{\"n\": 7}", "not an object")]
    [InlineData("7.5", "not 7.5")]
    [InlineData("1e400", "not 1e400")]
    public void OpenBio_nextBlock_of_the_wrong_type_is_one_line(string value, string says)
    {
        var line = VwbInvocation.Of("run", Case("openBio.nextBlock", value)).AssertBadInput();
        Assert.Contains("field 'openBio.nextBlock' must be an integer", line);
        Assert.Contains(says, line);
    }

    [Fact]
    public void An_unknown_field_inside_openBio_is_refused()
    {
        var line = VwbInvocation.Of("run", Case("openBio.nextBlok", "7")).AssertBadInput();
        Assert.Contains("unknown field 'openBio.nextBlok' (known in openBio: nextBlock)", line);
    }

    [Theory]
    [InlineData("variant")]
    [InlineData("encryption")]
    [InlineData("syncMode")]
    public void A_lone_surrogate_escape_is_one_line(string field)
    {
        var line = VwbInvocation.Of("run", Case(field, "\"\\ud800\"")).AssertBadInput();
        Assert.Contains($"field '{field}' holds an invalid \\u escape", line);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("replay")]
    [InlineData("explain")]
    public void An_empty_input_path_is_one_line(string command)
    {
        Assert.Contains("is an empty path", VwbInvocation.Of(command, "").AssertBadInput());
    }

    [Fact]
    public void An_empty_out_path_is_one_line()
    {
        Assert.Contains("--out is an empty path", VwbInvocation.Of("explain", Trace, "--out", "").AssertBadInput());
        Assert.Contains("--out is an empty path", VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--out", "").AssertBadInput());
        Assert.Contains("--out is an empty path", VwbInvocation.Of("merge", scratch.Path, "--out", "").AssertBadInput());
    }

    [Fact]
    public void A_path_with_a_newline_is_one_line()
    {
        var line = VwbInvocation.Of("run", "case\n.json").AssertBadInput();
        Assert.Contains("'case\\n.json' has a control character in it", line);
        VwbInvocation.Of("replay", "a\nb\nc").AssertBadInput();
        VwbInvocation.Of("explain", Trace, "--out", "x\ny.html").AssertBadInput();
    }

    [Fact]
    public void A_corrupted_literal_in_a_trace_is_one_short_line()
    {
        var text = File.ReadAllText(Trace);
        var at = text.IndexOf("\"steps\": ", StringComparison.Ordinal) + "\"steps\": ".Length;
        var corrupted = scratch.Write("literal.trace.json", text[..at] + "tXue" + text[(at + 2)..]);
        var line = VwbInvocation.Of("replay", corrupted).AssertBadInput();
        Assert.Contains("corrupted trace (not valid JSON (line", line);
        Assert.InRange(line.Length, 1, 400);
    }

    [Theory]
    [InlineData("/dev/full", "is a file, not a folder")]
    [InlineData("/proc/vwb-no-such", "cannot write the reports to /proc/vwb-no-such")]
    public void An_unwritable_sweep_out_is_refused_before_anything_is_printed(string folder, string says)
    {
        var line = VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--out", folder).AssertBadInput();
        Assert.Contains(says, line);
    }

    [Fact]
    public void An_existing_file_as_sweep_out_is_refused_before_anything_is_printed()
    {
        var file = scratch.Write("not-a-folder", "x");
        Assert.Contains("is a file, not a folder", VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--out", file).AssertBadInput());
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void A_folder_as_explain_out_or_as_an_input_is_one_line()
    {
        Assert.Contains("is a folder, not a file", VwbInvocation.Of("explain", Trace, "--out", scratch.Path).AssertBadInput());
        Assert.Contains("is a folder, not a file", VwbInvocation.Of("run", scratch.Path).AssertBadInput());
        Assert.Contains("is a folder, not a file", VwbInvocation.Of("sweep", "--config", scratch.Path).AssertBadInput());
    }

    [Theory]
    [InlineData("\"timeoutSeconds\": 60", "\"timeoutSeconds\": 0", "sweep.timeoutSeconds must be at least 1")]
    [InlineData("\"timeoutSeconds\": 60", "\"timeoutSeconds\": -1", "field 'sweep.timeoutSeconds' must be a whole number from 0 to 4294967295, not -1")]
    [InlineData("\"maxSteps\": 5000", "\"maxSteps\": 0", "engine.maxSteps must be at least 1")]
    [InlineData("\"iterations\": 12", "\"iterations\": 0", "sweep.iterations must be at least 1")]
    [InlineData("\"findingIterations\": 500", "\"findingIterations\": 0", "sweep.findingIterations must be at least 1")]
    [InlineData("\"strategies\": [\"random\", \"pct\"]", "\"strategies\": []", "sweep.strategies is empty")]
    [InlineData("\"strategies\": [\"random\", \"pct\"]", "\"strategies\": [\"pct\", \"pct\"]", "sweep.strategies names 'pct' twice")]
    [InlineData("\"seed\": 1", "\"seed\": \"1\"", "field 'sweep.seed' must be a whole number, not the string \"1\"")]
    [InlineData("\"seed\": 1", "\"seed\": 1, \"seeds\": 2", "unknown field 'sweep.seeds'")]
    public void Configuration_values_are_range_checked(string good, string bad, string says)
    {
        var config = SmallSweep.Config.Replace("\"seed\": 1}", "\"seed\": 1, \"timeoutSeconds\": 60}");
        Assert.Contains(good, config);
        var file = scratch.Write("range.json", config.Replace(good, bad));
        var outDir = Path.Combine(scratch.Path, "out");
        var line = VwbInvocation.Of("sweep", "--config", file, "--out", outDir).AssertBadInput();
        Assert.Contains(says, line);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_duplicated_matrix_entry_is_refused_with_both_places()
    {
        var entry = "{\"scenario\": \"sync-enomem\", \"variant\": \"4.4-fixed\", \"expect\": \"clean\"}";
        var file = scratch.Write("dup.json", SmallSweep.Config.Replace(entry, entry + ",\n    " + entry));
        var line = VwbInvocation.Of("sweep", "--config", file).AssertBadInput();
        Assert.Contains("matrix[2] repeats scenario 'sync-enomem' with variant '4.4-fixed' (matrix[1])", line);
    }

    [Fact]
    public void An_empty_matrix_is_refused()
    {
        var file = scratch.Write("empty.json", """{ "matrix": [] }""");
        Assert.Contains("the matrix is empty", VwbInvocation.Of("sweep", "--config", file).AssertBadInput());
    }

    [Fact]
    public void A_trace_with_a_zero_step_limit_is_refused()
    {
        var o = JsonNode.Parse(File.ReadAllText(Trace))!.AsObject();
        o["maxSteps"] = 0;
        var line = VwbInvocation.Of("replay", scratch.Write("zero.trace.json", o.ToJsonString())).AssertBadInput();
        Assert.Contains("field 'maxSteps' must be at least 1", line);
    }

    [Fact]
    public void An_unknown_field_in_a_trace_is_refused()
    {
        var o = JsonNode.Parse(File.ReadAllText(Trace))!.AsObject();
        o["stpes"] = 3;
        var line = VwbInvocation.Of("replay", scratch.Write("typo.trace.json", o.ToJsonString())).AssertBadInput();
        Assert.Contains("corrupted trace (unknown field 'stpes'", line);
    }
}
