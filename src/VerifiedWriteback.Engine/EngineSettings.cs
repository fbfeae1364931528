using Microsoft.Coyote;

namespace VerifiedWriteback.Engine;

/// <summary>Coyote engine settings of a sweep (coyote.json "engine").</summary>
public sealed record EngineSettings
{
    /// <summary>The settings of a coyote.json without an "engine" section.</summary>
    public static EngineSettings Defaults { get; } = new();

    public uint MaxSteps { get; init; } = 5000;
    public uint PctPriorityChangeBound { get; init; } = 10;
    public uint ProbabilisticLevel { get; init; } = 3;

    public static IReadOnlyList<string> Strategies { get; } = ["random", "pct", "probabilistic"];

    /// <summary>The configuration of one engine run. Telemetry is off: this machine has no network.</summary>
    public Configuration Configure(string strategy, uint iterations, uint seed)
    {
        var config = Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(seed)
            .WithMaxSchedulingSteps(MaxSteps);
        return strategy switch
        {
            "random" => config.WithRandomStrategy(),
            "pct" => config.WithPrioritizationStrategy(false, PctPriorityChangeBound),
            "probabilistic" => config.WithProbabilisticStrategy(ProbabilisticLevel),
            _ => throw new ArgumentException($"unknown strategy '{strategy}' (known: {string.Join(", ", Strategies)})"),
        };
    }
}
