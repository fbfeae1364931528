using System.Globalization;
using System.Net;
using System.Text;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>
/// The timeline as an inline SVG sequence diagram: a lifeline per actor, each kernel call a box
/// on its actor's lifeline in time order, a dashed arrow from each submit_bio to its bio_endio,
/// the page and buffer flags as chips at the decisive steps (orange: BH_Dirty, blue frame:
/// BH_Async_Write), the violating step in red. No script, no external resource.
/// </summary>
public static class SequenceDiagramSvg
{
    private const double CharWidth = 6.7;
    private const int Row = 22;
    private const int Top = 58;
    private const int SeqColumn = 44;
    private const int PageChip = 64;
    private const int BufferChip = 72;

    private static readonly string[] Palette = ["#1f6feb", "#8250df", "#1a7f37", "#bf8700", "#cf222e", "#0a7ea4", "#6e7781"];

    public static string Render(Timeline t)
    {
        var pages = t.Steps.Select(s => s.Event.SubjectPage).OfType<int>().Distinct().ToArray();
        int? onlyPage = pages.Length == 1 ? pages[0] : null;
        string Label(TimelineStep s) => SequenceDiagramSvg.Label(s, onlyPage);
        var laneWidths = t.Lanes.Select(l => Clamp(t.Steps.Where(s => s.Lane == l).Select(s => Label(s).Length).DefaultIfEmpty(10).Max() * CharWidth + 24, 170, 300)).ToArray();
        var laneX = new double[t.Lanes.Count];
        var x = SeqColumn + 8.0;
        for (var i = 0; i < laneX.Length; i++)
        {
            laneX[i] = x + (laneWidths[i] / 2);
            x += laneWidths[i];
        }
        var stateX = x + 16;
        var maxBuffers = t.End.Pages.Select(p => p.Buffers.Count).DefaultIfEmpty(1).Max();
        var width = stateX + PageChip + (maxBuffers * BufferChip) + 12;
        var endRows = 1 + t.End.Pages.Count;
        var height = Top + ((t.Steps.Count + endRows) * Row) + 16;
        var laneIndex = t.Lanes.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var rowOf = t.Steps.Select((s, i) => (s.Seq, i)).ToDictionary(p => p.Seq, p => p.i);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"{F(width)}\" height=\"{height}\" viewBox=\"0 0 {F(width)} {height}\" role=\"img\" aria-label=\"sequence diagram of {Esc(t.Title)}\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"/></marker></defs>");

        // Bands behind decisive and violating rows.
        for (var i = 0; i < t.Steps.Count; i++)
        {
            var s = t.Steps[i];
            if (s.Decisive)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band{(s.Violating ? " violating" : s.Implicated ? " implicated" : "")}\" x=\"0\" y=\"{Top + (i * Row) - 2}\" width=\"{F(width)}\" height=\"{Row}\"/>");
            }
        }
        var endY = Top + (t.Steps.Count * Row);
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band end{(t.End.Violating ? " violating" : "")}\" x=\"0\" y=\"{endY - 2}\" width=\"{F(width)}\" height=\"{endRows * Row}\"/>");

        // Lane headers and lifelines.
        for (var i = 0; i < t.Lanes.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            var w = Math.Min(laneWidths[i] - 16, 150);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"lifeline\" x1=\"{F(laneX[i])}\" y1=\"40\" x2=\"{F(laneX[i])}\" y2=\"{endY}\" stroke=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"lane-head\" x=\"{F(laneX[i] - (w / 2))}\" y=\"10\" width=\"{F(w)}\" height=\"28\" rx=\"6\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lane-name\" x=\"{F(laneX[i])}\" y=\"29\" text-anchor=\"middle\">{Esc(t.Lanes[i].Name)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"column-head\" x=\"8\" y=\"29\">step</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"column-head\" x=\"{F(stateX)}\" y=\"29\">page and buffers after the step</text>");

        // Steps.
        var boxes = new Dictionary<int, (double Left, double Right, double Mid)>();
        for (var i = 0; i < t.Steps.Count; i++)
        {
            var s = t.Steps[i];
            var lane = laneIndex[s.Lane];
            var y = Top + (i * Row);
            var maxChars = (int)((laneWidths[lane] - 20) / CharWidth);
            var label = Label(s);
            var shown = label.Length > maxChars ? label[..(maxChars - 1)] + "…" : label;
            var w = (shown.Length * CharWidth) + 12;
            var left = laneX[lane] - (w / 2);
            boxes[s.Seq] = (left, left + w, y + 8);
            var classes = "step" + (s.Decisive ? " decisive" : "") + (s.Violating ? " violating" : "") + (s.Implicated ? " implicated" : "");
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"{classes}\" data-seq=\"{s.Seq}\" id=\"svg-step-{s.Seq}\"><title>{Esc($"{s.Seq} {s.Lane.Name}: {s.Text}")}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"seq\" x=\"{SeqColumn - 6}\" y=\"{y + 12}\" text-anchor=\"end\">{s.Seq}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"box\" x=\"{F(left)}\" y=\"{y}\" width=\"{F(w)}\" height=\"17\" rx=\"4\" stroke=\"{Palette[lane % Palette.Length]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"call\" x=\"{F(left + 6)}\" y=\"{y + 12}\">{Esc(shown)}</text>");
            if (s.State is { } state)
            {
                Chips(svg, state, stateX, y);
            }
            svg.Append("</g>");
        }

        // Bios: from submission to completion.
        foreach (var bio in t.Bios.Where(b => boxes.ContainsKey(b.SubmitSeq) && boxes.ContainsKey(b.EndioSeq)))
        {
            var from = boxes[bio.SubmitSeq];
            var to = boxes[bio.EndioSeq];
            var y1 = Top + (rowOf[bio.SubmitSeq] * Row) + 8;
            var y2 = Top + (rowOf[bio.EndioSeq] * Row) + 8;
            string path;
            double labelX;
            if (to.Left > from.Right)
            {
                path = $"M{F(from.Right)},{y1} C{F(from.Right + 40)},{y1} {F(to.Left - 40)},{y2} {F(to.Left)},{y2}";
                labelX = (from.Right + to.Left) / 2;
            }
            else if (to.Right < from.Left)
            {
                path = $"M{F(from.Left)},{y1} C{F(from.Left - 40)},{y1} {F(to.Right + 40)},{y2} {F(to.Right)},{y2}";
                labelX = (from.Left + to.Right) / 2;
            }
            else
            {
                var outX = Math.Max(from.Right, to.Right) + 18;
                path = $"M{F(from.Right)},{y1} C{F(outX)},{y1} {F(outX)},{y2} {F(to.Right)},{y2}";
                labelX = outX + 4;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"bio\" d=\"{path}\" marker-end=\"url(#arrow)\"><title>bio#{bio.Bio}: submitted at step {bio.SubmitSeq}, completed at step {bio.EndioSeq}</title></path>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bio-label\" x=\"{F(labelX)}\" y=\"{(y1 + y2) / 2}\">bio#{bio.Bio}</text>");
        }

        // The end of the run.
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"end{(t.End.Violating ? " violating" : "")}\" id=\"svg-end\"><title>{Esc(t.End.Summary)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"seq\" x=\"{SeqColumn - 6}\" y=\"{endY + 12}\" text-anchor=\"end\">END</text>");
        var endText = (t.End.Violating ? $"VIOLATION {t.Spec}: " : "") + t.End.Summary;
        var endChars = (int)((stateX - SeqColumn - 16) / CharWidth);
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"end-text\" x=\"{SeqColumn + 8}\" y=\"{endY + 12}\">{Esc(endText.Length > endChars ? endText[..(endChars - 1)] + "…" : endText)}</text>");
        for (var p = 0; p < t.End.Pages.Count; p++)
        {
            Chips(svg, t.End.Pages[p], stateX, endY + ((p + 1) * Row));
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    /// <summary>"seq call(args)"; when the run touches one page only, without the "page N" every call would repeat.</summary>
    private static string Label(TimelineStep s, int? onlyPage)
    {
        var text = s.Text;
        if (onlyPage is { } p)
        {
            text = text.Replace($"(page {p}, ", "(", StringComparison.Ordinal).Replace($"(page {p})", "()", StringComparison.Ordinal);
        }
        return $"{s.Seq} {text}";
    }

    /// <summary>The page's flags and one chip per buffer: "bh0 D A b1" (dirty, async, in bio 1).</summary>
    private static void Chips(StringBuilder svg, PageView page, double x, int y)
    {
        var pageFlags = string.Join(' ', page.Flags().Select(f => f switch { "locked" => "L", "writeback" => "WB", "dirty" => "D", _ => f }));
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"state\"><title>{Esc(page.Short())}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"chip page{(page.Writeback ? " writeback" : "")}\" x=\"{F(x)}\" y=\"{y}\" width=\"{PageChip - 4}\" height=\"17\" rx=\"3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chip-text\" x=\"{F(x + 4)}\" y=\"{y + 12}\">p{page.Page} {Esc(pageFlags)}</text>");
        for (var b = 0; b < page.Buffers.Count; b++)
        {
            var bh = page.Buffers[b];
            var bx = x + PageChip + (b * BufferChip);
            var letters = new List<string>();
            if (bh.Has("dirty")) letters.Add("D");
            if (bh.Has("async_write")) letters.Add("A");
            if (!bh.Has("mapped")) letters.Add("u");
            if (bh.Has("delay")) letters.Add("dl");
            if (bh.Has("unwritten")) letters.Add("uw");
            if (bh.Has("new")) letters.Add("n");
            if (bh.Bio is { } bio) letters.Add($"b{bio}");
            var classes = "chip bh" + (bh.Has("dirty") ? " dirty" : "") + (bh.Has("async_write") ? " async" : "");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{classes}\" x=\"{F(bx)}\" y=\"{y}\" width=\"{BufferChip - 4}\" height=\"17\" rx=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chip-text\" x=\"{F(bx + 4)}\" y=\"{y + 12}\">bh{bh.Bh} {Esc(string.Join(' ', letters))}</text>");
        }
        svg.Append("</g>");
    }

    private static double Clamp(double v, double min, double max) => Math.Max(min, Math.Min(max, v));

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
