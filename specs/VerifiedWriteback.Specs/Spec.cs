using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// Base of every specification: plain logic over kernel events, so the same rule judges a Coyote
/// sweep, a sequential run, a search and a saved trace. <see cref="Observe"/> returns a violation
/// (safety); <see cref="Owes"/> says something must still happen (liveness: a run that ends while
/// it holds is a liveness bug). Specs share no state except the suite's <see cref="WritebackTracker"/>.
/// </summary>
public abstract class Spec
{
    /// <summary>What the spec checks, in one line.</summary>
    public abstract string Checks { get; }

    /// <summary>The kernel rule it encodes, with its source.</summary>
    public abstract string KernelRule { get; }

    public string Name => GetType().Name;

    /// <summary>Judges one event, which the tracker has already applied; returns the violation, or null.</summary>
    public abstract string? Observe(KernelEvent e, WritebackTracker t);

    /// <summary>
    /// An earlier event the violation just returned rests on (the early end a later step only
    /// revealed), so timelines can mark it; read and reset by the suite.
    /// </summary>
    public int? Implicates { get; protected set; }

    /// <summary>Whether anything is owed; checked after every event, so it must be cheap.</summary>
    public virtual bool Owes => false;

    /// <summary>What is owed, for the report.</summary>
    public virtual string? Owed => null;
}
