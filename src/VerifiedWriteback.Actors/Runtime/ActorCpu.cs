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

    public void Interleave(string where) => SchedulingPoint.Interleave();

    public async Task SleepAsync(wait_queue_head_t wq, string why)
    {
        await actor.ReceiveWakeAsync(wq);
    }

    public void Wake(wait_queue_head_t wq) => world.Runtime.SendEvent(actor.ActorId, new WakeUp(wq));

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

    public void SubmitBio(bio bio)
    {
        var completions = world.CompletionCpus;
        var target = completions.Count == 1 ? completions[0] : completions[actor.Choose(completions.Count)];
        actor.Send(target, new BioSubmitted(bio));
    }

    public void QueueWork(inode inode) => actor.Send(world.ConversionWorker, new WorkQueued(inode));

    public Task CongestionWaitAsync()
    {
        SchedulingPoint.Interleave();
        return Task.CompletedTask;
    }

    public async Task CryptoRoundTripAsync()
    {
        actor.Send(world.Encryptor, new CryptoRequest(actor.ActorId));
        await actor.ReceiveCryptoDoneAsync();
    }
}
