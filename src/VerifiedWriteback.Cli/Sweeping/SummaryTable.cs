using Spectre.Console;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// The summary table of a report: one line per cell (scenario, variant, strategy, iterations,
/// iterations/s, outcome, violated spec, expected, ok), cells that did not run included, then the
/// totals. Plain text for pipes and logs, a Spectre.Console table on a terminal.
/// </summary>
public static class SummaryTable
{
    private static readonly string[] Headers = ["scenario", "variant", "strategy", "iterations", "it/s", "outcome", "violated spec", "expected", "ok"];

    private static IEnumerable<string[]> Lines(SweepReport report)
    {
        var lines = report.Rows.Select(r => (r.Index, Cells: new[]
        {
            r.Scenario, r.Variant, r.Strategy, r.Iterations.ToString(), r.IterationsPerSecond.ToString("F0"),
            r.Spec is null ? (r.Stopped is { } s ? $"clean ({s})" : "clean") : "bug",
            r.Spec is { } spec ? (r.Found is { } found ? $"{spec} ({found})" : spec) : "-", r.Expected, r.AsExpected ? "yes" : "NO",
        }));
        var missing = report.NotRun.Select(n => (n.Cell.Index, Cells: new[]
        {
            n.Cell.Entry.Scenario, n.Cell.Entry.Variant, n.Cell.Strategy, "-", "-", "not run", "-", n.Cell.Expected, n.Reason,
        }));
        return lines.Concat(missing).OrderBy(l => l.Index).Select(l => l.Cells);
    }

    public static void WritePlain(TextWriter output, SweepReport report)
    {
        var lines = Lines(report).ToArray();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, lines.Select(l => l[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var numeric = new[] { false, false, false, true, true, false, false, false, false };
        string Format(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));
        output.WriteLine(Format(Headers));
        foreach (var line in lines)
        {
            output.WriteLine(Format(line));
        }
        output.WriteLine(report.Totals.ToString());
    }

    public static void WriteLive(SweepReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (h, i) in Headers.Select((h, i) => (h, i)))
        {
            table.AddColumn(i is 3 or 4 ? new TableColumn(h).RightAligned() : new TableColumn(h));
        }
        foreach (var line in Lines(report))
        {
            var ok = line[8] == "yes" ? "[green]yes[/]" : $"[red bold]{Markup.Escape(line[8])}[/]";
            var spec = line[6] == "-" ? "[grey]-[/]" : $"[yellow]{Markup.Escape(line[6])}[/]";
            table.AddRow(line.Take(6).Select(Markup.Escape).Append(spec).Append(Markup.Escape(line[7])).Append(ok).ToArray());
        }
        table.Caption(Markup.Escape(report.Totals.ToString()));
        AnsiConsole.Write(table);
    }
}
