using System.Net;
using System.Text;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>
/// The timeline as one self-contained HTML file: the facts and the verdict, an inline SVG
/// sequence diagram, and the table of every step with the page and buffer flags after the
/// decisive ones. Style and script are inline; nothing is fetched, so it reads offline.
/// </summary>
public static class HtmlTimeline
{
    public static string Render(Timeline t)
    {
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html>");
        h.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.AppendLine($"<title>vwb explain: {Esc(t.Title)}</title>");
        h.AppendLine($"<style>{HtmlAssets.Css}</style></head><body>");
        h.AppendLine("<header>");
        h.AppendLine($"<h1>vwb explain: {Esc(t.Title)}</h1>");
        h.AppendLine($"<div class=\"verdict {(t.Reproduced && t.Spec is not null ? "bad" : "good")}\">{Esc(t.Verdict)}</div>");
        h.AppendLine("<dl class=\"facts\">");
        foreach (var (label, value) in TimelineHeader.Facts(t))
        {
            h.AppendLine($"<dt>{Esc(label)}</dt><dd>{Esc(value)}</dd>");
        }
        h.AppendLine("</dl>");
        h.AppendLine("<p class=\"legend\">One lane per actor (a CPU of the model); each box is a kernel call, in the order the run made them; "
            + "dashed arrows go from a bio's <code>submit_bio</code> to its <code>bio_endio</code>. "
            + "At the decisive steps the page and its buffers are shown after the step: "
            + "<span class=\"chipdemo\">p0 L WB D</span> page 0 locked, under writeback, dirty; "
            + "<span class=\"chipdemo dirty\">D</span> BH_Dirty; <span class=\"chipdemo async\">A</span> BH_Async_Write; "
            + "<code>b1</code> in bio#1; <code>u</code> unmapped, <code>dl</code> delay, <code>uw</code> unwritten, <code>n</code> new. "
            + "The step the spec fired at is red, a step its message names is framed in red. Click a step to find it in the table.</p>");
        h.AppendLine("</header>");

        h.AppendLine("<section id=\"diagram\"><h2>Sequence diagram</h2><div class=\"scroll\">");
        h.AppendLine(SequenceDiagramSvg.Render(t));
        h.AppendLine("</div></section>");

        h.AppendLine("<section id=\"steps\"><h2>Steps</h2>");
        h.AppendLine("<p><label><input type=\"checkbox\" id=\"decisive-only\"> decisive steps only</label></p>");
        h.AppendLine("<table class=\"steps\"><thead><tr><th>step</th><th>actor</th><th>kernel call</th><th>page and buffers after the step</th></tr></thead><tbody>");
        foreach (var s in t.Steps)
        {
            var classes = "step" + (s.Decisive ? " decisive" : "") + (s.Violating ? " violating" : "") + (s.Implicated ? " implicated" : "");
            var state = s.State is { } v ? Esc(v.Short()) : "";
            var note = s.Violating ? $"<div class=\"violation-note\">VIOLATION {Esc(t.Spec ?? "")}: {Esc(t.Message ?? "")}</div>" : "";
            h.AppendLine($"<tr class=\"{classes}\" id=\"step-{s.Seq}\" data-seq=\"{s.Seq}\"><td class=\"seq\">{s.Seq}</td><td>{Esc(s.Lane.Name)}</td><td class=\"call\">{Esc(s.Text)}{note}</td><td class=\"state\">{state}</td></tr>");
        }
        var endClass = "end" + (t.End.Violating ? " violating" : "");
        var endState = string.Join("<br>", t.End.Pages.Select(p => Esc(p.Short())));
        var endText = (t.End.Violating ? $"VIOLATION {t.Spec}: " : "") + t.End.Summary;
        h.AppendLine($"<tr class=\"{endClass}\" id=\"step-end\"><td class=\"seq\">END</td><td></td><td class=\"call\">{Esc(endText)}</td><td class=\"state\">{endState}</td></tr>");
        h.AppendLine("</tbody></table></section>");
        h.AppendLine($"<footer>Written by vwb explain from {Esc(t.Source)} (model {Esc(t.Trace.ModelVersion)}). Replay it with <code>vwb replay</code>.</footer>");
        h.AppendLine($"<script>{HtmlAssets.Script}</script>");
        h.AppendLine("</body></html>");
        return h.ToString();
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
