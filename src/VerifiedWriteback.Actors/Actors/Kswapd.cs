using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// Memory reclaim: kswapd (PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD in 4.4.178 mm/vmscan.c L3454;
/// PF_MEMALLOC | PF_KSWAPD in 6.1.141 L7373 and 6.18.2 L7345) meeting one dirty page of the file at
/// the tail of its inactive list, twice (two scans: 6.1 and 6.18 write a dirty file page only when
/// they meet it again with PG_reclaim set). Each meeting is shrink_page_list for that page: trylock,
/// skip a page under writeback, pageout (clear_page_dirty_for_io, SetPageReclaim, ext4_writepage,
/// handle_write_error) where the version writes ext4 pages at all (Linux/Vmscan.cs).
/// </summary>
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class Kswapd : KernelActor
{
    /// <summary>How many times kswapd meets the page.</summary>
    public const int Scans = 2;

    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        var start = (WriteFile)initialEvent;
        await base.OnInitializeAsync(new Boot(start.World));
        await Reclaim(Linux, World.Scenario, World.Files[start.File]);
    }

    /// <summary>kswapd's work, on whatever CPU runs it (this actor, or a process of a search).</summary>
    public static async ValueTask Reclaim(Ext4.Linux linux, Scenario scenario, InodePages file)
    {
        linux.current_flags = task_flags.PF_MEMALLOC | task_flags.PF_KSWAPD |
                              (linux.Variant.Function == SubmissionFunction.Seed44 ? task_flags.PF_SWAPWRITE : task_flags.None);
        var page = file.Pages[scenario.ReclaimPage ?? throw new InvalidOperationException($"scenario {scenario.Name} has no page for reclaim")];
        for (var scan = 1; scan <= Scans; scan++)
        {
            await linux.shrink_page_list(page, scan);
        }
    }
}
