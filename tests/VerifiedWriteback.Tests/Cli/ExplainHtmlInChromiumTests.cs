using System.Diagnostics;
using System.Net;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The page `vwb explain --format html` writes, loaded by headless Chromium (Debian's chromium
/// package) with no network: the DOM the browser built holds every step of the trace. Where
/// /usr/bin/chromium is not installed the same checks run on the file itself.
/// </summary>
public sealed class ExplainHtmlInChromiumTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("f3-bioalloc-subpage.trace.json")]
    [InlineData("h4-discontiguous-subpage.trace.json")]
    public void The_browser_dom_holds_every_step(string name)
    {
        var file = Path.Combine(scratch.Path, "explain.html");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("explain", TraceCorpus.PathOf(name), "--format", "html", "--out", file).Code);
        var replay = Replayer.Replay(TraceFile.Load(TraceCorpus.PathOf(name)));

        var dom = File.Exists(Chromium) ? DumpDom(file) : File.ReadAllText(file);

        Assert.Contains("</svg>", dom);
        Assert.Contains("<table class=\"steps", dom);
        ExplainHtml.AssertHasEveryStep(WebUtility.HtmlDecode(dom), replay);
    }

    /// <summary>chromium --dump-dom: the document after parsing and running its script, serialized.</summary>
    private string DumpDom(string file)
    {
        var info = new ProcessStartInfo(Chromium)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={Path.Combine(scratch.Path, "chromium-profile")}", "--dump-dom", new Uri(file).AbsoluteUri,
        })
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var dom = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "chromium did not finish");
        Assert.Equal(0, process.ExitCode);
        return dom.Result;
    }
}
