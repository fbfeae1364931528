using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// What a sweep runs: the configuration with the flags applied (filters, budgets, seed), and the
/// cell list in its fixed order (matrix entries in file order, each under every strategy of the
/// portfolio in order). Sharding and merging both rely on that order.
/// </summary>
public sealed class SweepPlan
{
    public SweepConfig Config { get; }
    /// <summary>Wall-clock limit of each cell, in seconds.</summary>
    public uint? TimeoutSeconds => Config.TimeoutSeconds;
    /// <summary>The configuration's fingerprint: shards of one sweep share it.</summary>
    public string Fingerprint { get; }
    public IReadOnlyList<PlannedCell> Cells { get; }

    private SweepPlan(SweepConfig config)
    {
        Config = config;
        Fingerprint = ConfigJson.Fingerprint(config);
        var cells = new List<PlannedCell>();
        foreach (var entry in config.Matrix)
        {
            foreach (var strategy in config.Strategies)
            {
                cells.Add(new PlannedCell(cells.Count, entry, strategy));
            }
        }
        Cells = cells;
        // A cell the table does not know costs what the middle cell of the table costs.
        var known = cells.Select(c => config.Costs.TryGetValue(c.Name, out var s) ? Milliseconds(s) : -1).ToArray();
        var measured = known.Where(k => k >= 0).Order().ToArray();
        var fallback = measured.Length == 0 ? 1 : measured[measured.Length / 2];
        costs = known.Select(k => k >= 0 ? k : fallback).ToArray();
    }

    private readonly long[] costs;

    private readonly Dictionary<ShardSpec, (IReadOnlyList<PlannedCell> Cells, HashSet<int> Indices)> shards = [];

    /// <summary>What the plan expects <paramref name="cell"/> to cost, in milliseconds (at least 1).</summary>
    public long CostOf(PlannedCell cell) => costs[cell.Index];

    /// <summary>Whether the plan's costs come from a measured table (otherwise every cell costs the same).</summary>
    public bool HasCosts => Config.Costs.Count > 0;

    /// <summary>The cells <paramref name="shard"/> runs, in their order (see <see cref="ShardPartition"/>).</summary>
    public IReadOnlyList<PlannedCell> CellsOf(ShardSpec shard) => Shard(shard).Cells;

    /// <summary>Whether cell <paramref name="cellIndex"/> belongs to <paramref name="shard"/>.</summary>
    public bool Owns(ShardSpec shard, int cellIndex) => Shard(shard).Indices.Contains(cellIndex);

    private (IReadOnlyList<PlannedCell> Cells, HashSet<int> Indices) Shard(ShardSpec shard)
    {
        lock (shards)
        {
            if (!shards.TryGetValue(shard, out var part))
            {
                var cells = ShardPartition.Cells(Cells, CostOf, shard);
                part = (cells, cells.Select(c => c.Index).ToHashSet());
                shards[shard] = part;
            }
            return part;
        }
    }

    private static long Milliseconds(double seconds) => Math.Max(1, (long)Math.Round(seconds * 1000));

    /// <summary>The configuration with the flags applied; a name the model does not know is a <see cref="UsageError"/>.</summary>
    public static SweepPlan Create(SweepConfig config, SweepOverrides o)
    {
        if (o.Scenario is { } scenario && ScenarioCatalog.Find(scenario) is null)
        {
            throw new UsageError($"unknown scenario '{scenario}' (known: {ScenarioCatalog.Names})");
        }
        if (o.Variant is { } variant && VariantCatalog.Find(variant) is null)
        {
            throw new UsageError($"unknown variant '{variant}' (known: {VariantCatalog.Names})");
        }
        if (o.Strategy is { } strategy && !EngineSettings.Strategies.Contains(strategy))
        {
            throw new UsageError($"unknown strategy '{strategy}' (known: {string.Join(", ", EngineSettings.Strategies)})");
        }
        if (o.Iterations == 0)
        {
            throw new UsageError("--iterations must be at least 1");
        }
        if (o.TimeoutSeconds == 0)
        {
            throw new UsageError("--timeout must be at least 1 second");
        }
        var matrix = config.Matrix
            .Where(e => o.Scenario is null || e.Scenario == o.Scenario)
            .Where(e => o.Variant is null || e.Variant == o.Variant)
            .ToArray();
        if (matrix.Length == 0)
        {
            throw new UsageError($"no matrix entry has {Describe(o)}");
        }
        var effective = config with
        {
            Matrix = matrix,
            Strategies = o.Strategy is { } s ? [s] : config.Strategies,
            Iterations = o.Iterations ?? config.Iterations,
            FindingIterations = o.Iterations ?? config.FindingIterations,
            Seed = o.Seed ?? config.Seed,
            TimeoutSeconds = o.TimeoutSeconds ?? config.TimeoutSeconds,
        };
        // Only the costs of this plan's cells: filters give the same fingerprint with any table that agrees on them.
        var names = effective.Matrix.SelectMany(e => effective.Strategies.Select(s => CellCosts.Key(e.Scenario, e.Variant, s))).ToHashSet();
        effective = effective with
        {
            Costs = new SortedDictionary<string, double>(config.Costs.Where(c => names.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal),
        };
        return new SweepPlan(effective);
    }

    /// <summary>The plan a report's "config" describes (it is a coyote.json).</summary>
    public static SweepPlan FromReportConfig(ConfigDocument config, string source) => new(SweepConfig.FromDocument(config, source));

    private static string Describe(SweepOverrides o) =>
        string.Join(" and ", new[] { o.Scenario is null ? null : $"scenario '{o.Scenario}'", o.Variant is null ? null : $"variant '{o.Variant}'" }.OfType<string>());
}
