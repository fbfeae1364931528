using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>kernel/sched/wait.c: waking the sleepers of a wait queue.</summary>
public sealed partial class Linux
{
    /// <summary>
    /// wake_up_all: every sleeper, in the order it went to sleep. Each wake is a point where the
    /// woken CPU may run before this one goes on (under Coyote, the message send).
    /// </summary>
    public async ValueTask wake_up_all(wait_queue_head_t wq)
    {
        var sleepers = wq.Sleepers.ToArray();
        wq.Sleepers.Clear();
        foreach (var sleeper in sleepers)
        {
            await Cpu.WakeAsync(sleeper, wq);
        }
    }
}
