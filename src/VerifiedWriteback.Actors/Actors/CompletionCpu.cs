using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// A CPU taking block-device completions: it queues submitted bios and completes them in an order
/// the scheduler picks (with an I/O error where the scenario allows), running bio_endio and so
/// ext4_end_bio / ext4_finish_bio. Several of these model completions on several CPUs.
/// </summary>
[OnEventDoAction(typeof(BioSubmitted), nameof(OnBioSubmitted))]
[OnEventDoAction(typeof(CompleteOne), nameof(OnCompleteOne))]
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class CompletionCpu : KernelActor
{
    private readonly List<bio> queue = [];

    private void OnBioSubmitted(Event e)
    {
        queue.Add(((BioSubmitted)e).Bio);
        Send(Id, new CompleteOne());
    }

    private async Task OnCompleteOne()
    {
        var i = queue.Count == 1 ? 0 : Choose(queue.Count);
        var bio = queue[i];
        queue.RemoveAt(i);
        var error = Cpu.Fault(FaultSite.bio_io_error) ? -Errno.EIO : 0;
        await Linux.bio_endio(bio, error);
    }
}
