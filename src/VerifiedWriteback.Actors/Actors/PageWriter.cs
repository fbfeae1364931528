using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>Starts a writer on one file.</summary>
public sealed class WriteFile(World world, int file) : Event
{
    public World World { get; } = world;
    public int File { get; } = file;
}

/// <summary>
/// A writeback thread: the flusher (ext4_writepages, WB_SYNC_NONE), a sync (ext4_writepages,
/// WB_SYNC_ALL), or the jbd2 data=ordered commit (write_cache_pages with ext4_writepage, WB_SYNC_ALL,
/// the caller that passes keep_towrite). The pass itself tags and looks up the pages.
/// </summary>
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class PageWriter : KernelActor
{
    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        var start = (WriteFile)initialEvent;
        await base.OnInitializeAsync(new Boot(start.World));
        await Pass(Linux, World.Scenario, World.Files[start.File]);
    }

    /// <summary>
    /// The writer's work, on whatever CPU runs it (this actor, or a process of a search): one pass
    /// over the file, then, in a rewrite scenario, a write(2) over every page and a sync pass.
    /// </summary>
    public static async ValueTask Pass(Ext4.Linux linux, Scenario scenario, InodePages file)
    {
        var wbc = new writeback_control { sync_mode = scenario.SyncAll ? writeback_sync_modes.WB_SYNC_ALL : writeback_sync_modes.WB_SYNC_NONE };
        if (scenario.JournalCommit && linux.Variant.JournalCommitUsesWritepage)
        {
            await linux.write_cache_pages(file.Inode, file.Pages, wbc);
        }
        else
        {
            await linux.ext4_writepages(file.Inode, file.Pages, wbc, scenario.Unwritten);
        }
        if (scenario.Rewrite)
        {
            foreach (var page in file.Pages)
            {
                // write(2) over the page (generic_perform_write: write_begin locks it, the copy dirties
                // its buffers, write_end unlocks it); 4.4 without stable pages does not wait on writeback.
                await linux.lock_page(page);
                var len = Ext4.Setup.PageSetup.LenFor(page, file.Inode.i_size);
                var newest = page.Content.Max() + 1;
                foreach (var bh in page.Buffers.Where(b => b.BH_Mapped && !b.BH_Delay && !b.BH_Unwritten && buffer_head.bh_offset(b) < len))
                {
                    page.Content[bh.Index] = newest;
                    linux.mark_buffer_dirty(bh);                                 // block_write_end -> __block_commit_write
                }
                await linux.unlock_page(page);
            }
            var sync = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL };
            await linux.ext4_writepages(file.Inode, file.Pages, sync, scenario.Unwritten);
        }
    }
}
