using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Sweeping;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The cost table (vwb-cell-costs/1): written by `vwb costs` from a sweep's report, named by a
/// coyote.json ("sweep.costsFile") or carried inline ("costs", as reports and --parallel children
/// have it), part of the fingerprint, and what `--shard` and `--parallel` balance by.
/// </summary>
public sealed class CellCostTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>The small sweep with its two long cells at even indices (0 and 2): index modulo 2 would give both to part 0.</summary>
    private const string LopsidedCosts = """
        {
          "format": "vwb-cell-costs/1",
          "costs": {
            "sync-enomem/seed/random": 5, "sync-enomem/seed/pct": 0.1,
            "sync-enomem/4.4-fixed/random": 5, "sync-enomem/4.4-fixed/pct": 0.1,
            "discontiguous-subpage/h4/random": 0.1, "discontiguous-subpage/h4/pct": 0.1,
            "hardware-encryption/seed/random": 0.1, "hardware-encryption/seed/pct": 0.1
          }
        }
        """;

    private string ConfigWithCosts(string costs, string name = "small.json")
    {
        scratch.Write("costs.json", costs);
        return SmallSweep.Write(scratch, name, SmallSweep.Config.Replace("\"seed\": 1}", "\"seed\": 1, \"costsFile\": \"costs.json\"}", StringComparison.Ordinal));
    }

    private static int[] RowIndices(string folder) => SmallSweep.Report(folder)["rows"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()).ToArray();

    [Fact]
    public void Shards_follow_the_measured_costs_and_still_merge_to_one_run()
    {
        var config = ConfigWithCosts(LopsidedCosts);
        var outs = new[] { "0/2", "1/2" }.Select(s =>
        {
            var folder = Path.Combine(scratch.Path, "shard" + s[0]);
            var run = VwbInvocation.Of("sweep", "--config", config, "--shard", s, "--out", folder);
            Assert.True(run.Code == Vwb.Ok, run.Stdout + run.Stderr);
            return folder;
        }).ToArray();
        Assert.Equal([0, 1, 4, 6], RowIndices(outs[0]));
        Assert.Equal([2, 3, 5, 7], RowIndices(outs[1]));

        var merged = Path.Combine(scratch.Path, "merged");
        var merge = VwbInvocation.Of("merge", outs[0], outs[1], "--out", merged);
        Assert.True(merge.Code == Vwb.Ok, merge.Stdout + merge.Stderr);
        var whole = Path.Combine(scratch.Path, "whole");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("sweep", "--config", config, "--out", whole).Code);
        Assert.Equal(SmallSweep.Rows(SmallSweep.Report(whole)), SmallSweep.Rows(SmallSweep.Report(merged)));

        // A report carries the table inline, so a merge computes the same parts from it alone.
        Assert.Equal(5.0, SmallSweep.Report(outs[0])["config"]!["costs"]!["sync-enomem/seed/random"]!.GetValue<double>());
    }

    [Fact]
    public void Parallel_children_are_balanced_by_cost_and_report_their_expected_seconds()
    {
        var config = ConfigWithCosts(LopsidedCosts);
        var folder = Path.Combine(scratch.Path, "parallel");
        var run = VwbInvocation.Of("sweep", "--config", config, "--parallel", "2", "--out", folder, "--plain");
        Assert.True(run.Code == Vwb.Ok, run.Stdout + run.Stderr);
        Assert.Contains("8 cells in 2 processes (measured cost 5.3 s / 5.3 s)", run.Stdout);
        Assert.Equal([0, 1, 4, 6], RowIndices(Path.Combine(folder, "shards", "shard-0-of-2")));
        Assert.Equal([2, 3, 5, 7], RowIndices(Path.Combine(folder, "shards", "shard-1-of-2")));
        Assert.Equal(Enumerable.Range(0, 8), RowIndices(folder));
    }

    [Fact]
    public void Vwb_costs_writes_the_table_a_sweep_measured()
    {
        var whole = Path.Combine(scratch.Path, "whole");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--out", whole).Code);
        var table = Path.Combine(scratch.Path, "measured.json");
        var costs = VwbInvocation.Of("costs", whole, "--out", table);
        Assert.True(costs.Code == Vwb.Ok, costs.Stdout + costs.Stderr);
        Assert.StartsWith("vwb costs: 8 cells", costs.Stdout);

        var read = CellCosts.Load(table, "test");
        var rows = SmallSweep.Report(whole)["rows"]!.AsArray();
        Assert.Equal(rows.Select(r => $"{r!["scenario"]}/{r["variant"]}/{r["strategy"]}").Order(StringComparer.Ordinal), read.Keys);
        foreach (var row in rows)
        {
            Assert.Equal(Math.Round(row!["seconds"]!.GetValue<double>(), 2), read[$"{row["scenario"]}/{row["variant"]}/{row["strategy"]}"]);
        }
        // The same table on stdout without --out; a sweep reads it back.
        Assert.Equal(File.ReadAllText(table), VwbInvocation.Of("costs", Path.Combine(whole, "report.json")).Stdout);
        var config = ConfigWithCosts(File.ReadAllText(table), "measured-config.json");
        Assert.Equal(8, SweepConfig.Load(config).Costs.Count);
    }

    [Fact]
    public void A_base_table_keeps_the_cells_the_reports_did_not_run()
    {
        var only = Path.Combine(scratch.Path, "only");
        Assert.Equal(Vwb.Ok, VwbInvocation.Of("sweep", "--config", SmallSweep.Write(scratch), "--scenario", "hardware-encryption", "--out", only).Code);
        var baseTable = scratch.Write("base.json", LopsidedCosts);
        var updated = Path.Combine(scratch.Path, "updated.json");
        var run = VwbInvocation.Of("costs", only, "--base", baseTable, "--out", updated);
        Assert.True(run.Code == Vwb.Ok, run.Stdout + run.Stderr);

        var table = CellCosts.Load(updated, "test");
        var before = CellCosts.Load(baseTable, "test");
        Assert.Equal(before.Keys, table.Keys);
        Assert.All(table.Where(c => !c.Key.StartsWith("hardware-encryption/", StringComparison.Ordinal)), c => Assert.Equal(before[c.Key], c.Value));
        var measured = SmallSweep.Report(only)["rows"]!.AsArray().ToDictionary(r => $"{r!["scenario"]}/{r["variant"]}/{r["strategy"]}", r => Math.Round(r!["seconds"]!.GetValue<double>(), 2));
        Assert.Equal(2, measured.Count);
        Assert.All(measured, m => Assert.Equal(m.Value, table[m.Key]));

        Assert.Contains("not a valid cost table", VwbInvocation.Of("costs", only, "--base", scratch.Write("bad.json", "[]")).AssertBadInput());
    }

    [Fact]
    public void The_table_is_part_of_the_fingerprint_and_a_filtered_plan_keeps_only_its_cells_costs()
    {
        var plain = SweepPlan.Create(SweepConfig.Load(SmallSweep.Write(scratch)), new SweepOverrides());
        var costed = SweepPlan.Create(SweepConfig.Load(ConfigWithCosts(LopsidedCosts)), new SweepOverrides());
        Assert.NotEqual(plain.Fingerprint, costed.Fingerprint);
        Assert.False(plain.HasCosts);
        Assert.Equal(5000, costed.CostOf(costed.Cells[0]));

        var filtered = SweepPlan.Create(SweepConfig.Load(ConfigWithCosts(LopsidedCosts)), new SweepOverrides { Scenario = "hardware-encryption" });
        Assert.Equal(["hardware-encryption/seed/pct", "hardware-encryption/seed/random"], filtered.Config.Costs.Keys);
        // Round trip through a report's config: same plan, same fingerprint.
        Assert.Equal(costed.Fingerprint, SweepPlan.FromReportConfig(costed.Config.ToDocument(), "report").Fingerprint);
    }

    [Fact]
    public void A_cell_missing_from_the_table_costs_the_median()
    {
        var config = ConfigWithCosts("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed/random": 1, "sync-enomem/seed/pct": 2, "hardware-encryption/seed/pct": 9}}""");
        var plan = SweepPlan.Create(SweepConfig.Load(config), new SweepOverrides());
        Assert.Equal([1000, 2000, 2000, 2000, 2000, 2000, 2000, 9000], plan.Cells.Select(plan.CostOf));
    }

    [Theory]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed/random": -1}}""", "must be between 0 and")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed/random": 1e300}}""", "must be between 0 and")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed/random": "1"}}""", "not a valid cost table")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed": 1}}""", "is not scenario/variant/strategy")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomen/seed/random": 1}}""", "names no cell this model has")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {"sync-enomem/seed/dfs": 1}}""", "names no cell this model has")]
    [InlineData("""{"format": "vwb-cell-costs/2", "costs": {}}""", "not a cost table")]
    [InlineData("""{"format": "vwb-cell-costs/1", "costs": {}, "extra": 1}""", "not a valid cost table")]
    [InlineData("""[1]""", "not a valid cost table")]
    public void A_bad_table_is_one_line(string table, string expected)
    {
        var config = ConfigWithCosts(table);
        var line = VwbInvocation.Of("sweep", "--config", config, "--out", Path.Combine(scratch.Path, "out")).AssertBadInput();
        Assert.Contains(expected, line);
    }

    [Fact]
    public void A_missing_table_or_two_tables_are_refused()
    {
        var missing = SmallSweep.Write(scratch, "missing.json", SmallSweep.Config.Replace("\"seed\": 1}", "\"seed\": 1, \"costsFile\": \"nowhere.json\"}", StringComparison.Ordinal));
        Assert.Contains("cannot read the cost table", VwbInvocation.Of("sweep", "--config", missing).AssertBadInput());

        var both = SmallSweep.Write(scratch, "both.json", SmallSweep.Config
            .Replace("\"seed\": 1}", "\"seed\": 1, \"costsFile\": \"costs.json\"}", StringComparison.Ordinal)
            .Replace("\"matrix\":", "\"costs\": {}, \"matrix\":", StringComparison.Ordinal));
        scratch.Write("costs.json", LopsidedCosts);
        Assert.Contains("not both", VwbInvocation.Of("sweep", "--config", both).AssertBadInput());

        Assert.Contains("costs takes the reports", VwbInvocation.Of("costs").AssertBadInput());
        Assert.Contains("no such file", VwbInvocation.Of("costs", Path.Combine(scratch.Path, "none.json")).AssertBadInput());
    }

    [Fact]
    public void The_repository_table_covers_every_cell_of_coyote_json()
    {
        var config = SweepConfig.Load(Path.Combine(AppContext.BaseDirectory, "coyote.json"));
        var plan = SweepPlan.Create(config, new SweepOverrides());
        Assert.Equal(plan.Cells.Select(c => c.Name).Order(StringComparer.Ordinal), config.Costs.Keys);
    }
}
