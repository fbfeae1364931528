using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>Starts a writer on one file.</summary>
public sealed class WriteFile(World world, int file) : Event
{
    public World World { get; } = world;
    public int File { get; } = file;
}

/// <summary>
/// A writeback thread (the flusher, WB_SYNC_NONE, or WB_SYNC_ALL for a sync scenario): one
/// ext4_writepages pass over its file's pages, each through ext4_bio_write_page.
/// </summary>
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class PageWriter : KernelActor
{
    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        var start = (WriteFile)initialEvent;
        await base.OnInitializeAsync(new Boot(start.World));
        var scenario = World.Scenario;
        var file = World.Files[start.File];
        var wbc = new writeback_control { sync_mode = scenario.SyncAll ? writeback_sync_modes.WB_SYNC_ALL : writeback_sync_modes.WB_SYNC_NONE };
        if (scenario.SyncAll)
        {
            foreach (var page in file.Pages)
            {
                page.TagTowrite = page.PG_dirty;                                // tag_pages_for_writeback
            }
        }
        await Linux.ext4_writepages(file.Inode, file.Pages, wbc, scenario.KeepTowrite, scenario.Unwritten);
    }
}
