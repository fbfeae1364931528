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
        if (scenario.Rewrite)
        {
            foreach (var page in file.Pages)
            {
                // write(2) over the page (generic_perform_write: write_begin locks it, the copy dirties
                // its buffers, write_end unlocks it); 4.4 without stable pages does not wait on writeback.
                await Linux.lock_page(page);
                var len = Ext4.Setup.PageSetup.LenFor(page, file.Inode.i_size);
                var newest = page.Content.Max() + 1;
                foreach (var bh in page.Buffers.Where(b => b.BH_Mapped && !b.BH_Delay && !b.BH_Unwritten && buffer_head.bh_offset(b) < len))
                {
                    bh.BH_Dirty = true;
                    page.Content[bh.Index] = newest;
                }
                page.PG_dirty = true;
                await Linux.unlock_page(page);
            }
            var sync = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL };
            foreach (var page in file.Pages)
            {
                page.TagTowrite = page.PG_dirty;                                // tag_pages_for_writeback
            }
            await Linux.ext4_writepages(file.Inode, file.Pages, sync, keep_towrite: false, scenario.Unwritten);
        }
    }
}
