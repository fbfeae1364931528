using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Prove;

/// <summary>
/// The ICpu of a process of the explorer. Every awaited point suspends the process (the explorer
/// decides who runs next); faults are the explorer's choices within the scenario's budget;
/// submitted bios go to the device queue, from which any idle completion CPU may take any one.
/// Points where the kernel could be preempted (InterleaveAsync, submit_bio, queue_work, a wake)
/// count towards a preemption bound; a sleep, congestion_wait and the crypto wait do not.
/// </summary>
public sealed class ProveCpu(KernelModel model, string name) : ICpu
{
    private static readonly string[] FaultLabels = ["fault:no", "fault:yes"];

    public string Name { get; } = name;
    public Machine Machine => model.Machine;
    internal Proc Proc { get; set; } = null!;

    private Execution Exec => model.Execution;

    public ValueTask InterleaveAsync(string where) => Exec.Yield(Proc, preemptive: true);

    public ValueTask SleepAsync(wait_queue_head_t wq, string why) => Exec.Sleep(Proc, wq, why);

    public ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq)
    {
        Exec.Wake(((ProveCpu)sleeper).Proc, wq);
        return Exec.Yield(Proc, preemptive: true);
    }

    public bool Fault(FaultSite site)
    {
        if (!model.Faults.Allows(site, Machine))
        {
            return false;
        }
        if (Exec.Chooser.Choose(2, i => FaultLabels[i]) == 0)
        {
            return false;
        }
        model.Faults.Spend(site);
        return true;
    }

    public ValueTask SubmitBioAsync(bio bio)
    {
        model.DeviceQueue.Add(bio);
        return Exec.Yield(Proc, preemptive: true);
    }

    public ValueTask QueueWorkAsync(inode inode)
    {
        model.WorkQueue.Add(inode);
        return Exec.Yield(Proc, preemptive: true);
    }

    public ValueTask CryptoRoundTripAsync() => Exec.Yield(Proc, preemptive: false);

    public ValueTask CongestionWaitAsync() => Exec.Yield(Proc, preemptive: false);
}
