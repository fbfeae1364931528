using System.Text;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>
/// The timeline as a Mermaid sequenceDiagram: a participant per actor and per page; each kernel
/// call is a message from its actor to the page it acts on (or to itself); the page and buffer
/// flags are notes over the page at decisive steps; the violation sits in a red box, a step its message names in a pink one.
/// </summary>
public static class MermaidTimeline
{
    private const string Red = "rgb(255, 205, 205)";
    private const string Pink = "rgb(255, 235, 235)";

    public static string Render(Timeline t)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"%% vwb explain {Clean(t.Source)}");
        sb.AppendLine("sequenceDiagram");
        sb.AppendLine($"    title {Clean(t.Title)} - {Clean(t.Verdict)}");
        foreach (var lane in t.Lanes)
        {
            sb.AppendLine($"    participant {lane.Code} as {Clean(lane.Name)}");
        }
        var pages = t.Steps.Select(s => s.Event.SubjectPage).OfType<int>().Distinct().Order().ToArray();
        foreach (var page in pages)
        {
            sb.AppendLine($"    participant {PageAlias(page)} as page {page}");
        }
        foreach (var step in t.Steps)
        {
            var target = step.Event.SubjectPage is { } p ? PageAlias(p) : step.Lane.Code;
            var message = $"    {step.Lane.Code}->>{target}: {step.Seq} {Clean(step.Text)}";
            if (step.Violating)
            {
                sb.AppendLine($"    rect {Red}");
                sb.AppendLine(message);
                sb.AppendLine($"    Note over {step.Lane.Code},{target}: VIOLATION {Clean(t.Spec ?? "")}<br/>{Wrap(t.Message ?? "")}");
                sb.AppendLine("    end");
            }
            else if (step.Implicated)
            {
                sb.AppendLine($"    rect {Pink}");
                sb.AppendLine(message);
                sb.AppendLine("    end");
            }
            else
            {
                sb.AppendLine(message);
            }
            if (step.State is { } state)
            {
                sb.AppendLine($"    Note over {PageAlias(state.Page)}: {StateNote(state)}");
            }
        }
        var first = t.Lanes.Count > 0 ? t.Lanes[0].Code : "run";
        var last = pages.Length > 0 ? PageAlias(pages[^1]) : t.Lanes.Count > 0 ? t.Lanes[^1].Code : first;
        var span = first == last ? first : $"{first},{last}";
        if (t.Lanes.Count == 0)
        {
            sb.AppendLine("    participant run");
        }
        if (t.End.Violating)
        {
            sb.AppendLine($"    rect {Red}");
            sb.AppendLine($"    Note over {span}: END - VIOLATION {Clean(t.Spec ?? "")}<br/>{Wrap(t.End.Summary)}");
            sb.AppendLine("    end");
        }
        else
        {
            sb.AppendLine($"    Note over {span}: END<br/>{Wrap(t.End.Summary)}");
        }
        foreach (var page in t.End.Pages.Where(p => pages.Contains(p.Page)))
        {
            sb.AppendLine($"    Note over {PageAlias(page.Page)}: at the end<br/>{StateNote(page)}");
        }
        return sb.ToString();
    }

    private static string PageAlias(int page) => $"P{page}";

    /// <summary>"page 0 [locked,writeback]" over one line per two buffers.</summary>
    private static string StateNote(PageView page)
    {
        var head = $"page {page.Page} [{(page.Flags().Count == 0 ? "-" : string.Join(',', page.Flags()))}]";
        var buffers = page.Buffers.Select(b => Clean(b.Short())).Chunk(2).Select(pair => string.Join(' ', pair));
        return string.Join("<br/>", buffers.Prepend(head));
    }

    /// <summary>Long text as lines of about 80 characters, broken at spaces.</summary>
    private static string Wrap(string text)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + word.Length > 80)
            {
                lines.Add(line);
                line = "";
            }
            line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return string.Join("<br/>", lines);
    }

    /// <summary>Mermaid reads ';' as a statement end and '#' as the start of an entity code.</summary>
    public static string Clean(string text) =>
        text.Replace(";", ",", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
