using System.Text;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>
/// The timeline as plain text: one line per kernel call with a column per actor ('*' marks the
/// one running it), the page and buffer flags under each decisive step, the violating step
/// marked with '>>' (a step its message names with '>') and the end of the run.
/// </summary>
public static class TextTimeline
{
    public static string Render(Timeline t, string command = "explain")
    {
        var sb = new StringBuilder();
        sb.AppendLine($"vwb {command}: {t.Title}");
        var facts = TimelineHeader.Facts(t);
        var width = facts.Max(f => f.Label.Length);
        foreach (var (label, value) in facts)
        {
            sb.AppendLine($"  {label.PadRight(width)}  {value}");
        }
        sb.AppendLine();
        sb.AppendLine("lanes: " + string.Join(", ", t.Lanes.Select(l => $"{l.Code} = {l.Name}")));
        sb.AppendLine(TimelineHeader.FlagLegend);
        sb.AppendLine();

        var nameWidth = t.Lanes.Select(l => l.Name.Length).DefaultIfEmpty(5).Max();
        var gutter = string.Join(' ', t.Lanes.Select(l => l.Code.PadRight(2)));
        sb.AppendLine($"  seq  {gutter}  {"actor".PadRight(nameWidth)}  kernel call");
        var indent = new string(' ', 7 + gutter.Length + 2);
        foreach (var step in t.Steps)
        {
            var marks = string.Join(' ', t.Lanes.Select(l => (l == step.Lane ? "*" : ".").PadRight(Math.Max(2, l.Code.Length))));
            var prefix = step.Violating ? ">>" : step.Implicated ? " >" : "  ";
            sb.AppendLine($"{prefix}{step.Seq,3}  {marks}  {step.Lane.Name.PadRight(nameWidth)}  {step.Text}");
            if (step.Violating)
            {
                sb.AppendLine($"{indent}VIOLATION {t.Spec}: {t.Message}");
            }
            if (step.State is { } state)
            {
                sb.AppendLine($"{indent}state: {state.Short()}");
            }
        }
        sb.AppendLine();
        sb.AppendLine((t.End.Violating ? ">> END  VIOLATION " + t.Spec + ": " : "   END  ") + t.End.Summary);
        foreach (var page in t.End.Pages)
        {
            sb.AppendLine($"{indent}state: {page.Short()}");
        }
        return sb.ToString();
    }
}
