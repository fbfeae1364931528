using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// The rsv_conversion workqueue: ext4_end_io_rsv_work converts unwritten extents for the io_ends
/// queued on an inode, then finishes their parked bios (page-io.c:260-265).
/// </summary>
[OnEventDoAction(typeof(WorkQueued), nameof(OnWorkQueued))]
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class ConversionWorker : KernelActor
{
    private async Task OnWorkQueued(Event e) => await Linux.ext4_do_flush_completed_IO(((WorkQueued)e).Inode);
}
