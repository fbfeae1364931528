using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>
/// The CPU of the multi-page model: SequentialCpu's rules (nothing interleaves, bios queue until
/// completed) plus what a sleeping writer lets happen. A writer that sleeps in mempool_alloc lets the
/// device finish every bio already submitted (on another CPU, in the kernel); if that returns no
/// element to the pool nobody ever will, and the sleep is a deadlock (F2). Faults follow the
/// memory pressure: the crypto ctx allocation fails under full pressure (ext4_encrypt without __GFP_NOFAIL).
/// </summary>
public sealed class ModelCpu(Machine machine) : ICpu
{
    public string Name => "cpu0";
    public Machine Machine { get; } = machine;
    public List<bio> Submitted { get; } = [];
    public Pressure Pressure { get; set; }
    /// <summary>Set by the system once its Linux instance exists: completes one submitted bio.</summary>
    public Func<bio, int, ValueTask>? Complete { get; set; }

    private bool woken;

    public ValueTask InterleaveAsync(string where) => ValueTask.CompletedTask;

    public ValueTask SleepAsync(wait_queue_head_t wq, string why)
    {
        woken = false;
        CompleteSubmitted(error: 0);
        if (!woken)
        {
            throw new ModelHang($"{why} sleeps on {wq.Name}; every submitted bio has completed and none returned an element");
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq)
    {
        woken = true;
        return ValueTask.CompletedTask;
    }

    public bool Fault(FaultSite site) => site switch
    {
        FaultSite.ext4_encrypt => Pressure == Pressure.Full,
        _ => false,
    };

    public ValueTask SubmitBioAsync(bio bio)
    {
        Submitted.Add(bio);
        return ValueTask.CompletedTask;
    }

    public ValueTask QueueWorkAsync(inode inode) => throw new InvalidOperationException("no unwritten extents in the multi-page model");

    public ValueTask CongestionWaitAsync() => ValueTask.CompletedTask;

    public ValueTask CryptoRoundTripAsync() => ValueTask.CompletedTask;

    /// <summary>The device finishes every submitted bio, oldest first.</summary>
    public void CompleteSubmitted(int error)
    {
        while (Submitted.Count > 0)
        {
            var bio = Submitted[0];
            Submitted.RemoveAt(0);
            VerifiedWriteback.Ext4.Sequential.Sequentially.Run(Complete!(bio, error));
        }
    }
}
