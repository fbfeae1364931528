using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Actors.Sweep;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb sweep`: run the matrix of coyote.json under Coyote and compare with the expected outcomes.</summary>
public static class SweepCommand
{
    public const string Help = """
        usage: vwb sweep [--config FILE] [--scenario NAME] [--variant NAME] [--strategy NAME]
                         [--iterations N] [--seed N] [--out DIR]
          Runs every matrix entry of coyote.json (or FILE) with every strategy of its portfolio.
          A cell expected clean runs N iterations (sweep.iterations); a cell expected to violate a
          spec runs until that spec fires (within sweep.findingIterations). --scenario, --variant
          and --strategy filter the matrix; --iterations and --seed override the budgets and seed.
          With --out, each bug's trace is saved there (replay it with vwb replay).
          Exit 0 when every outcome is as expected, 2 when one is not, 1 on bad input.
        """;

    private static readonly string[] Flags = ["config", "scenario", "variant", "strategy", "iterations", "seed", "out"];

    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(Help);
            return Vwb.Ok;
        }
        var o = Options.Parse(args, Flags);
        if (o.Positional.Count > 0)
        {
            throw new UsageError($"sweep takes no positional argument ('{o.Positional[0]}')");
        }
        var configPath = o.Get("config") ?? SweepConfig.FindDefault() ?? throw new UsageError("no coyote.json here or above; give --config FILE");
        SweepConfig config;
        try
        {
            config = SweepConfig.Load(configPath);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            return Vwb.Fail(stderr, e.Message);
        }
        var scenario = o.Get("scenario");
        var variant = o.Get("variant");
        var strategy = o.Get("strategy");
        if (scenario is not null && ScenarioCatalog.Find(scenario) is null)
        {
            return Vwb.Fail(stderr, $"unknown scenario '{scenario}' (known: {ScenarioCatalog.Names})");
        }
        if (variant is not null && Variants.Find(variant) is null)
        {
            return Vwb.Fail(stderr, $"unknown variant '{variant}' (known: {Variants.Names})");
        }
        if (strategy is not null && !EngineSettings.Strategies.Contains(strategy))
        {
            return Vwb.Fail(stderr, $"unknown strategy '{strategy}' (known: {string.Join(", ", EngineSettings.Strategies)})");
        }
        var iterations = o.GetUInt("iterations");
        var seed = o.GetUInt("seed");
        var entries = config.Matrix
            .Where(e => scenario is null || e.Scenario == scenario)
            .Where(e => variant is null || e.Variant == variant)
            .ToArray();
        var strategies = strategy is null ? config.Strategies : [strategy];
        if (entries.Length == 0)
        {
            return Vwb.Fail(stderr, "the filters leave no matrix entry to run");
        }

        stdout.WriteLine($"{"scenario",-26} {"variant",-9} {"strategy",-13} {"iter",6} {"it/s",6} {"found",-24} {"expected",-24} ok");
        var unexpected = 0;
        foreach (var entry in entries)
        {
            foreach (var s in strategies)
            {
                var row = SweepRunner.Run(entry, s, config, iterations, seed);
                var ok = row.AsExpected ? "yes" : "NO";
                unexpected += row.AsExpected ? 0 : 1;
                stdout.WriteLine($"{entry.Scenario,-26} {entry.Variant,-9} {s,-13} {row.Iterations,6} {row.IterationsPerSecond,6:F0} {row.Outcome,-24} {entry.Expect,-24} {ok}");
                if (o.Get("out") is { } dir && row.Bug is { } bug)
                {
                    var name = $"{entry.Scenario}.{entry.Variant}.{s}.{bug.Spec}.trace.json";
                    TraceFile.From(bug, config.Engine, entry.Finding).Save(Path.Combine(dir, name));
                }
            }
        }
        stdout.WriteLine(unexpected == 0 ? "every outcome as expected" : $"{unexpected} outcome(s) NOT as expected");
        return unexpected == 0 ? Vwb.Ok : Vwb.Unexpected;
    }
}
