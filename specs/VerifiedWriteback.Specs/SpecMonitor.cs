using Microsoft.Coyote.Specifications;
using Monitor = Microsoft.Coyote.Specifications.Monitor;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>The monitor event: one kernel call, as recorded by the model.</summary>
public sealed class KernelCall(KernelEvent e) : Monitor.Event
{
    public KernelEvent Call { get; } = e;
}

/// <summary>
/// Base of every specification. A spec is plain logic over kernel events (<see cref="Observe"/>
/// returns a violation, <see cref="Owed"/> says what must still happen), so the same rule runs in
/// a Coyote sweep, over a sequential run, or over a saved trace's events. Under Coyote a
/// violation is an assertion failure, and a spec that still owes something when every actor is
/// idle is in its hot state: a liveness bug.
/// </summary>
public abstract class SpecMonitor : Monitor
{
    /// <summary>What the spec checks, in one line.</summary>
    public abstract string Checks { get; }

    /// <summary>The kernel rule it encodes, with its source.</summary>
    public abstract string KernelRule { get; }

    public string SpecName => GetType().Name;

    /// <summary>Feed one event; returns a description of the violation it reveals, or null.</summary>
    public abstract string? Observe(KernelEvent e);

    /// <summary>What is still owed (liveness), or null when nothing is.</summary>
    public virtual string? Owed => null;

    /// <summary>Whether anything is owed; checked after every event, so it must be cheap.</summary>
    public virtual bool Owes => false;

    [Start]
    [Cold]
    [OnEventDoAction(typeof(KernelCall), nameof(OnKernelCall))]
    private sealed class Satisfied : State
    {
    }

    [Hot]
    [OnEventDoAction(typeof(KernelCall), nameof(OnKernelCall))]
    private sealed class Owing : State
    {
    }

    private bool hot;

    private void OnKernelCall(Event e)
    {
        var call = ((KernelCall)e).Call;
        var violation = Observe(call);
        if (violation is not null)
        {
            Assert(false, $"[{SpecName}] {violation} (at event {call.Seq} {call.Cpu}: {call.Describe()})");
        }
        var owes = Owes;
        if (owes != hot)
        {
            hot = owes;
            if (owes)
            {
                RaiseGotoStateEvent<Owing>();
            }
            else
            {
                RaiseGotoStateEvent<Satisfied>();
            }
        }
    }
}
