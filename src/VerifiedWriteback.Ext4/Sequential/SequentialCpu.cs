using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4.Sequential;

/// <summary>
/// The one CPU of a sequential run. Nothing else runs, so interleaving points do nothing, faults
/// come from a fixed plan (one outcome per successive call, "ok" when the plan runs out), bios
/// queue up until the runner completes them, and a sleep that nothing could end is a hang.
/// </summary>
public sealed class SequentialCpu(Machine machine, IReadOnlyDictionary<FaultSite, IReadOnlyList<bool>> faultPlan) : ICpu
{
    private readonly Dictionary<FaultSite, int> calls = [];

    public string Name => "cpu0";
    public Machine Machine { get; } = machine;
    public List<bio> Submitted { get; } = [];
    public List<inode> QueuedWork { get; } = [];

    public ValueTask InterleaveAsync(string where) => ValueTask.CompletedTask;

    public ValueTask SleepAsync(wait_queue_head_t wq, string why) =>
        throw new ModelHang($"{why} sleeps on {wq.Name} and nothing in a sequential run can wake it");

    public ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq) => ValueTask.CompletedTask;

    public bool Fault(FaultSite site)
    {
        var n = calls.GetValueOrDefault(site);
        calls[site] = n + 1;
        return faultPlan.TryGetValue(site, out var plan) && n < plan.Count && plan[n];
    }

    public ValueTask SubmitBioAsync(bio bio)
    {
        Submitted.Add(bio);
        return ValueTask.CompletedTask;
    }

    public ValueTask QueueWorkAsync(inode inode)
    {
        QueuedWork.Add(inode);
        return ValueTask.CompletedTask;
    }

    public ValueTask CongestionWaitAsync() => ValueTask.CompletedTask;

    public ValueTask CryptoRoundTripAsync() => ValueTask.CompletedTask;
}
