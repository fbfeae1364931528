using System.CommandLine;
using System.Globalization;
using VerifiedWriteback.Cli.Sweeping;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb costs REPORT...`: the seconds each cell took in finished sweeps, as the cost table that balances shards.</summary>
public static class CostsCommand
{
    public const string Help = """
        usage: vwb costs REPORT... [--base TABLE] [--out FILE]
          Writes the cost table of a sweep (vwb-cell-costs/1): the seconds each cell took in the
          given reports (report.json, a folder holding one, or a report.jsonl), the mean where
          several reports ran the same cell. coyote.json names it in "sweep.costsFile"; vwb sweep
          --shard and --parallel then give each shard an equal share of the measured time (longest
          cells first). The table changes only how cells are spread, never what a cell finds.
          Regenerate it after changing the model or the matrix:
            vwb sweep --out out/costs && vwb costs out/costs --out coyote.costs.json
          --base TABLE starts from an existing table: the cells the reports ran get their new
          seconds, every other cell keeps its own (to re-measure only the cells that changed:
            vwb sweep --scenario NEW --out out/new && vwb costs out/new --base coyote.costs.json --out coyote.costs.json).
          Without --out the table goes to stdout.
        """;

    public const string Comment =
        "Seconds each sweep cell took, measured by vwb sweep and written by vwb costs. It balances --shard and --parallel (docs/SHARDING.md), never what a cell finds. Regenerate after changing the model or the matrix.";

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var reports = Options.Positionals("REPORT");
        var output = Options.Text("--out", "the cost table to write (default: stdout)");
        var baseTable = Options.Text("--base", "an existing cost table whose other cells are kept");
        var command = new Command("costs", "The cost table of a sweep, from its reports.") { reports, output, baseTable };
        command.SetAction(parse =>
        {
            var given = Options.PositionalsOf(parse, reports);
            return given.Count == 0
                ? throw new UsageError("costs takes the reports whose seconds to use: vwb costs REPORT... [--out FILE]")
                : Execute(given, parse.GetValue(output), stdout, stderr, parse.GetValue(baseTable));
        });
        return (command, Help);
    }

    public static int Execute(IReadOnlyList<string> reports, string? outFile, TextWriter stdout, TextWriter stderr, string? baseTable = null)
    {
        foreach (var input in reports)
        {
            Paths.InputPath(input, "a report");
        }
        if (outFile is not null)
        {
            Paths.OutputFile(outFile, "--out");
        }
        IReadOnlyDictionary<string, double> costs;
        try
        {
            var kept = baseTable is null ? [] : CellCosts.Load(Paths.InputFile(baseTable, "--base"), "--base");
            var measured = Measured(reports.Select(ReportMerger.Load).SelectMany(r => r.Rows));
            costs = measured.Count == 0 ? measured : kept.Where(k => !measured.ContainsKey(k.Key)).Concat(measured).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        }
        catch (ReportError e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        catch (ArgumentException e)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        if (costs.Count == 0)
        {
            return Vwb.Fail(stderr, "the reports hold no finished cell: nothing to measure");
        }
        var text = CellCosts.ToFileText(costs, Comment);
        if (outFile is null)
        {
            stdout.Write(text);
            return Vwb.Ok;
        }
        try
        {
            File.WriteAllText(outFile, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Vwb.Fail(stderr, $"cannot write {Paths.Show(outFile)}: {e.Message}");
        }
        var costliest = costs.MaxBy(c => c.Value);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"vwb costs: {costs.Count} cells, {costs.Values.Sum():0.0} s in all, the costliest {costliest.Key} {costliest.Value:0.00} s; written to {outFile}"));
        return Vwb.Ok;
    }

    /// <summary>Each cell's mean seconds over the rows that ran it, to the hundredth of a second.</summary>
    public static IReadOnlyDictionary<string, double> Measured(IEnumerable<ReportRow> rows) =>
        rows.GroupBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r.Seconds), 2), StringComparer.Ordinal);
}
