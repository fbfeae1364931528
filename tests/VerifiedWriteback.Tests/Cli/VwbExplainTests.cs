using VerifiedWriteback.Kernel;
using System.Net;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Explaining;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `vwb explain TRACE --format text|mermaid|html`: each format holds every step of the replayed
/// run (its number and kernel call), one lane per actor, and marks the violation: the step a
/// safety spec fired at, or the end of the run for a liveness spec.
/// </summary>
public sealed class VwbExplainTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    public static TheoryData<string> Traces() => TraceCorpus.Names();

    private static (TraceFile Trace, ReplayResult Replay) Replayed(string name)
    {
        var trace = TraceFile.Load(TraceCorpus.PathOf(name));
        return (trace, Replayer.Replay(trace));
    }

    private static int? FiredAt(ReplayResult replay) =>
        System.Text.RegularExpressions.Regex.Matches(replay.Message!, @"\bevent (\d+)").Select(m => int.Parse(m.Groups[1].Value)).Cast<int?>().LastOrDefault();

    [Theory]
    [MemberData(nameof(Traces))]
    public void Text_holds_every_step_and_marks_the_violation(string name)
    {
        var (trace, replay) = Replayed(name);
        var run = VwbInvocation.Of("explain", TraceCorpus.PathOf(name));
        Assert.Equal(Vwb.Ok, run.Code);
        var lines = run.Stdout.Split('\n');
        foreach (var e in replay.Events)
        {
            Assert.Contains(lines, l => l.Length > 5 && l[..5].TrimStart('>', ' ') == e.Seq.ToString() && l.Contains($"{e.Cpu}  ") && l.EndsWith(EventWire.Describe(e), StringComparison.Ordinal));
        }
        foreach (var cpu in replay.Events.Select(e => e.Cpu).Distinct())
        {
            Assert.Contains($"= {cpu}", lines.Single(l => l.StartsWith("lanes:", StringComparison.Ordinal)));
        }
        if (FiredAt(replay) is { } seq)
        {
            Assert.Contains(lines, l => l.StartsWith($">>{seq,3}", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(lines, l => l.StartsWith($">> END  VIOLATION {trace.Spec}", StringComparison.Ordinal));
        }
        Assert.Contains(lines, l => l.TrimStart().StartsWith("state: page", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Mermaid_is_a_sequence_diagram_with_every_step(string name)
    {
        var (_, replay) = Replayed(name);
        var run = VwbInvocation.Of("explain", TraceCorpus.PathOf(name), "--format", "mermaid");
        Assert.Equal(Vwb.Ok, run.Code);
        var lines = run.Stdout.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Contains("sequenceDiagram", lines);
        foreach (var cpu in replay.Events.Select(e => e.Cpu).Distinct())
        {
            Assert.Contains(lines, l => l.StartsWith("participant ", StringComparison.Ordinal) && l.EndsWith($" as {cpu}", StringComparison.Ordinal));
        }
        foreach (var e in replay.Events)
        {
            Assert.Contains(lines, l => l.Contains("->>", StringComparison.Ordinal) && l.EndsWith($": {e.Seq} {MermaidTimeline.Clean(EventWire.Describe(e))}", StringComparison.Ordinal));
        }
        Assert.Contains("rect rgb(255, 205, 205)", lines);
        Assert.DoesNotContain(lines, l => l.Contains(';') || l.Contains('#'));
        Assert.Equal(lines.Count(l => l.StartsWith("rect ", StringComparison.Ordinal)), lines.Count(l => l == "end"));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Html_is_one_self_contained_page_with_every_step(string name)
    {
        var (_, replay) = Replayed(name);
        var file = Path.Combine(scratch.Path, "explain.html");
        var run = VwbInvocation.Of("explain", TraceCorpus.PathOf(name), "--format", "html", "--out", file);
        Assert.Equal(Vwb.Ok, run.Code);
        Assert.Contains($"timeline of {replay.Events.Count} steps written to {file}", run.Stdout);

        var html = File.ReadAllText(file);
        ExplainHtml.AssertSelfContained(html);
        ExplainHtml.AssertHasEveryStep(WebUtility.HtmlDecode(html), replay);
    }

    [Fact]
    public void An_unknown_format_is_one_line_and_exit_1()
    {
        var line = VwbInvocation.Of("explain", TraceCorpus.PathOf("f1-sync-enomem.trace.json"), "--format", "pdf").AssertBadInput();
        Assert.Contains("unknown format 'pdf' (known: text, mermaid, html)", line);
    }

    [Fact]
    public void A_corrupted_trace_is_one_line_and_exit_1()
    {
        var line = VwbInvocation.Of("explain", scratch.Write("bad.trace.json", "{ \"format\": \"vwb-trace/1\" ")).AssertBadInput();
        Assert.Contains("corrupted trace", line);
    }
}

/// <summary>What an explain page must hold, checked on the file and on the DOM a browser built from it.</summary>
internal static class ExplainHtml
{
    public static void AssertSelfContained(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg", html);
        Assert.Contains("<style>", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
    }

    /// <summary>Every step as a table row and as a box of the diagram; the violation marked.</summary>
    public static void AssertHasEveryStep(string decodedDom, ReplayResult replay)
    {
        foreach (var e in replay.Events)
        {
            Assert.Contains($"id=\"step-{e.Seq}\"", decodedDom);
            Assert.Contains($"id=\"svg-step-{e.Seq}\"", decodedDom);
            Assert.Contains($">{EventWire.Describe(e)}", decodedDom);
            Assert.Contains($"{e.Seq} {e.Cpu}: {EventWire.Describe(e)}", decodedDom);
        }
        foreach (var cpu in replay.Events.Select(e => e.Cpu).Distinct())
        {
            Assert.Contains($"class=\"lane-name\"", decodedDom);
            Assert.Contains($">{cpu}</text>", decodedDom);
        }
        Assert.Contains("violating", decodedDom);
    }
}
