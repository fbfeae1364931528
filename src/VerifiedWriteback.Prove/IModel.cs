using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Prove;

/// <summary>
/// A program the explorer can run: built afresh for every run from the chooser that makes its
/// decisions, so a run is a deterministic function of its decision list. The kernel model
/// (<see cref="KernelModel"/>) and the toys of the tests implement it.
/// </summary>
public interface IModel
{
    Execution Execution { get; }

    /// <summary>A safety violation (or a crash) that ends the run now, checked after every step.</summary>
    SpecVerdict? Violation();

    /// <summary>The verdict when nothing is enabled: a deadlock (some process asleep) or a liveness obligation left; null when clean.</summary>
    SpecVerdict? AtQuiescence();

    /// <summary>The catalogued finding a violating run shows (by its events), or null when the model catalogues none (the toys).</summary>
    string? FindingOf(SpecVerdict verdict) => null;

    /// <summary>A digest of the final state (not of the order that led there), for counting distinct final states.</summary>
    ulong StateHash();
}

/// <summary>Builds a fresh model for one run.</summary>
public delegate IModel ModelFactory(IChooser chooser, RunLimits limits);

/// <summary>The per-run settings a model's <see cref="Execution"/> is built with.</summary>
public sealed record RunLimits(bool Symmetry, int? Preemptions);

/// <summary>FNV-1a, 64 bits: a stable digest (the same in every process, unlike string.GetHashCode).</summary>
public struct Fnv64
{
    private ulong h;

    public Fnv64() => h = 14695981039346656037UL;

    public readonly ulong Value => h;

    public void Add(long v)
    {
        for (var i = 0; i < 8; i++)
        {
            h ^= (byte)(v >> (8 * i));
            h *= 1099511628211UL;
        }
    }

    public void Add(bool b) => Add(b ? 1L : 0L);

    public void Add(string? s)
    {
        if (s is null)
        {
            Add(-1L);
            return;
        }
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        Add((long)s.Length);
    }
}
