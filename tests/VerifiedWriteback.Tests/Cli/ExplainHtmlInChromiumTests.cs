using System.Net;
using System.Text.Json.Nodes;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The page `vwb explain --format html` writes, rendered by a real browser: Debian's Chromium,
/// headless, with no network. The page loads with no console error and no uncaught exception,
/// the DOM the browser built holds every step of the trace, and the page's script works: a
/// mouse click on "decisive steps only" hides every other step of the table, and a click on a
/// step of the diagram selects its row. CI (CI=true) installs Chromium (.ci/run) and this test
/// fails there without it; elsewhere, without /usr/bin/chromium, only the file is checked.
/// </summary>
public sealed class ExplainHtmlInChromiumTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static bool InCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("f3-bioalloc-subpage.trace.json")]
    [InlineData("h4-discontiguous-subpage.trace.json")]
    public void The_page_renders_in_chromium_and_its_script_filters_the_steps(string name)
    {
        var file = Path.Combine(scratch.Path, "explain.html");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("explain", TraceCorpus.PathOf(name), "--format", "html", "--out", file).Code);
        var replay = Replayer.Replay(TraceFile.Load(TraceCorpus.PathOf(name)));

        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.False(InCI, $"CI=true but {HeadlessChromium.Executable} is missing: .ci/run installs Debian's chromium package");
            ExplainHtml.AssertHasEveryStep(WebUtility.HtmlDecode(File.ReadAllText(file)), replay);
            return;
        }

        using var browser = new HeadlessChromium(Path.Combine(scratch.Path, "chromium-profile"));
        browser.Open(file);

        // What the browser built from the page.
        var dom = browser.Evaluate("document.documentElement.outerHTML")!.GetValue<string>();
        Assert.Contains("</svg>", dom);
        Assert.Contains("<table class=\"steps", dom);
        ExplainHtml.AssertHasEveryStep(WebUtility.HtmlDecode(dom), replay);

        // Before the click every step is shown; after it only the decisive ones (and the end row).
        const string Rows = "Array.from(document.querySelectorAll('table.steps tbody tr'))";
        const string Shown = Rows + ".filter(function (r) { return getComputedStyle(r).display !== 'none'; }).map(function (r) { return r.id; })";
        var all = Ids(browser.Evaluate(Rows + ".map(function (r) { return r.id; })"));
        var decisive = Ids(browser.Evaluate(Rows + ".filter(function (r) { return !r.classList.contains('step') || r.classList.contains('decisive'); }).map(function (r) { return r.id; })"));
        Assert.Equal(replay.Events.Count + 1, all.Count);
        Assert.InRange(decisive.Count, 2, all.Count - 1);
        Assert.Equal(all, Ids(browser.Evaluate(Shown)));
        Assert.False(browser.Evaluate("document.getElementById('decisive-only').checked")!.GetValue<bool>());

        browser.Click("#decisive-only");

        Assert.True(browser.Evaluate("document.getElementById('decisive-only').checked")!.GetValue<bool>());
        Assert.Equal(decisive, Ids(browser.Evaluate(Shown)));

        // Clicking it again shows every step again.
        browser.Click("#decisive-only");
        Assert.Equal(all, Ids(browser.Evaluate(Shown)));

        // A click on a step of the diagram selects its row in the table.
        var seq = replay.Events[^1].Seq;
        browser.Click($"#svg-step-{seq}");
        Assert.Equal([$"step-{seq}"], Ids(browser.Evaluate("Array.from(document.querySelectorAll('tr.selected')).map(function (r) { return r.id; })")));

        Assert.Empty(browser.Problems);
    }

    private static List<string> Ids(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
