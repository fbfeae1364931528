using System.Diagnostics;

namespace VerifiedWriteback.Engine;

/// <summary>
/// What the caller of a cell may watch and bound, outside the model: a callback after each
/// iteration (for progress), a wall-clock limit for the whole cell, and a cancellation token.
/// Both stop the engine at the end of the current iteration; the cell then reports the
/// iterations it did run and why it stopped early. Nothing here reaches the model code.
/// </summary>
public sealed class CellControl
{
    /// <summary>Called after every finished iteration with the number finished so far in this cell.</summary>
    public Action<int>? IterationDone { get; init; }

    /// <summary>Wall-clock limit of the cell (all engine runs of one matrix entry and strategy).</summary>
    public TimeSpan? Timeout { get; init; }

    public CancellationToken Cancel { get; init; }

    /// <summary>Started by the first engine run of the cell; later runs share the limit.</summary>
    internal Stopwatch Clock { get; } = new();

    internal bool TimeIsUp => Timeout is { } limit && Clock.Elapsed >= limit;
}

/// <summary>Why a cell stopped before its iteration budget ran out without a bug.</summary>
public enum CellStop
{
    None,
    Timeout,
    Cancelled,
}
