using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Runtime;

/// <summary>
/// The ICpu of an actor: interleaving points are Coyote scheduling points, sleeps wait for a
/// <see cref="WakeUp"/> message, faults are the scheduler's choices within the scenario's budget,
/// submitted bios go to a completion CPU the scheduler picks.
/// </summary>
public sealed class ActorCpu(KernelActor actor, World world) : ICpu
{
    /// <summary>The actor's name without Coyote's "(id)" suffix: "writer0", "completion1".</summary>
    public string Name { get; } = actor.ActorId.Name.Split('(')[0];
    public ActorId Id => actor.ActorId;
    public Machine Machine => world.Machine;

    public ValueTask InterleaveAsync(string where)
    {
        SchedulingPoint.Interleave();
        return ValueTask.CompletedTask;
    }

    public async ValueTask SleepAsync(wait_queue_head_t wq, string why)
    {
        await actor.ReceiveWakeAsync(wq);
    }

    /// <summary>The wake is a message to the sleeper's actor; the send is Coyote's scheduling point.</summary>
    public ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq)
    {
        world.Runtime.SendEvent(((ActorCpu)sleeper).Id, new WakeUp(wq));
        return ValueTask.CompletedTask;
    }

    public bool Fault(FaultSite site)
    {
        if (!world.Faults.Allows(site, Machine))
        {
            return false;
        }
        if (!actor.Choose())
        {
            return false;
        }
        world.Faults.Spend(site);
        return true;
    }

    public ValueTask SubmitBioAsync(bio bio)
    {
        var completions = world.CompletionCpus;
        var target = completions.Count == 1 ? completions[0] : completions[actor.Choose(completions.Count)];
        actor.Send(target, new BioSubmitted(bio));
        return ValueTask.CompletedTask;
    }

    public ValueTask QueueWorkAsync(inode inode)
    {
        actor.Send(world.ConversionWorker, new WorkQueued(inode));
        return ValueTask.CompletedTask;
    }

    public ValueTask CongestionWaitAsync()
    {
        SchedulingPoint.Interleave();
        return ValueTask.CompletedTask;
    }

    public async ValueTask CryptoRoundTripAsync()
    {
        actor.Send(world.Encryptor, new CryptoRequest(actor.ActorId));
        await actor.ReceiveCryptoDoneAsync();
    }
}
