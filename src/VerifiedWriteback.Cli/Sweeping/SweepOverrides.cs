namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>The command-line flags that change what coyote.json says.</summary>
public sealed record SweepOverrides
{
    public string? Scenario { get; init; }
    public string? Variant { get; init; }
    public string? Strategy { get; init; }
    /// <summary>Replaces both budgets: iterations of a clean cell and the budget to find an expected bug.</summary>
    public uint? Iterations { get; init; }
    public uint? Seed { get; init; }
    /// <summary>Wall-clock limit of each cell, in seconds.</summary>
    public uint? TimeoutSeconds { get; init; }
}
