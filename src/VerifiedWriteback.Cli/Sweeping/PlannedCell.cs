using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>One cell of a sweep: a matrix entry under one strategy, numbered in the plan's fixed order.</summary>
public sealed record PlannedCell(int Index, MatrixEntry Entry, string Strategy)
{
    public string Name => CellCosts.Key(Entry.Scenario, Entry.Variant, Strategy);

    public string Expected => Entry.Finding is { } f ? $"{Entry.Expect} ({f})" : Entry.Expect;
}
