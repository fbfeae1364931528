using Microsoft.Coyote.Actors;
using VerifiedWriteback.Ext4;

namespace VerifiedWriteback.Actors.Runtime;

/// <summary>
/// An actor that is one CPU of the modelled machine. It receives the shared <see cref="World"/>
/// at boot and runs the same kernel functions as the sequential runner, through an
/// <see cref="ActorCpu"/> whose hooks are Coyote scheduling points and messages.
/// </summary>
public abstract class KernelActor : Actor
{
    protected World World { get; private set; } = null!;
    protected ActorCpu Cpu { get; private set; } = null!;
    protected Linux Linux { get; private set; } = null!;

    protected override Task OnInitializeAsync(Event initialEvent)
    {
        World = ((Boot)initialEvent).World;
        Cpu = new ActorCpu(this, World);
        Linux = new Linux(Cpu, World.Variant);
        return Task.CompletedTask;
    }

    /// <summary>Records the first unhandled exception of the iteration (a BUG_ON that fired) in the world, then lets Coyote report it.</summary>
    protected override OnExceptionOutcome OnException(Exception ex, string methodName, Event e)
    {
        if (World is not null)
        {
            World.Crash ??= ex;
        }
        return OnExceptionOutcome.ThrowException;
    }

    /// <summary>A wake-up that arrives while the actor is not asleep is spurious: the sleeper re-checks anyway.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Coyote binds event handlers to instance methods by name.")]
    protected void IgnoreSpuriousWake()
    {
    }

    internal Task<Event> ReceiveWakeAsync(Kernel.wait_queue_head_t wq) =>
        ReceiveEventAsync(typeof(WakeUp), e => ReferenceEquals(((WakeUp)e).Queue, wq));

    internal Task<Event> ReceiveCryptoDoneAsync() => ReceiveEventAsync(typeof(CryptoDone));

    internal ActorId ActorId => Id;

    internal bool Choose() => RandomBoolean();

    internal int Choose(int n) => RandomInteger(n);

    internal void Send(ActorId target, Event e) => SendEvent(target, e);
}
