using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// The rest of the system allocating and freeing memory: flips the page allocator between
/// "short" and "fine" a bounded number of times, at moments the scheduler picks. When memory
/// comes back, sleepers in mempool_alloc retry (in 4.4 they sleep at most 5 s,
/// io_schedule_timeout in mm/mempool.c, then try the allocator again).
/// </summary>
public sealed class MemoryPressure : KernelActor
{
    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        await base.OnInitializeAsync(initialEvent);
        await Flip(Linux, World.Scenario.PressureChanges);
    }

    /// <summary>The environment's work, on whatever CPU runs it: flip the allocator's state <paramref name="changes"/> times.</summary>
    public static async ValueTask Flip(Ext4.Linux linux, int changes)
    {
        var machine = linux.Machine;
        for (var i = 0; i < changes; i++)
        {
            await linux.Cpu.InterleaveAsync("memory pressure changes");
            machine.MemoryPressure = !machine.MemoryPressure;
            machine.Trace(linux.Cpu, new Call.memory_pressure(machine.MemoryPressure));
            if (!machine.MemoryPressure)
            {
                await linux.wake_up_all(machine.ext4_bounce_page_pool.wait);
            }
        }
    }
}
