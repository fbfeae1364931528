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

    /// <summary>
    /// The rule id of the violation just returned: a short, stable name of the violation site
    /// ("use-after-free", "double-free"), so a cell can tell a changed kind of failure from the
    /// expected one; read and reset by the suite. Set through <see cref="Fail"/>.
    /// </summary>
    public string? Kind { get; private set; }

    /// <summary>Returns <paramref name="message"/> as the violation, of kind <paramref name="kind"/>.</summary>
    protected string Fail(string kind, string message)
    {
        Kind = kind;
        return message;
    }

    /// <summary>Resets <see cref="Kind"/> and <see cref="Implicates"/> once the suite has read them.</summary>
    internal void ResetVerdictMarks()
    {
        Kind = null;
        Implicates = null;
    }

    /// <summary>The rule id of what is owed now (liveness), when <see cref="Owes"/>.</summary>
    public virtual string? OwedKind => null;

    /// <summary>Whether anything is owed; checked after every event, so it must be cheap.</summary>
    public virtual bool Owes => false;

    /// <summary>What is owed, for the report.</summary>
    public virtual string? Owed => null;
}
