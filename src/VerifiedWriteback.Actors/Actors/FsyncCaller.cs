using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// An fsync on the file while the flusher writes it: tag the dirty pages TOWRITE, a WB_SYNC_ALL
/// pass, wait on the writeback of every page, then report the mapping's error
/// (filemap_write_and_wait_range + filemap_check_errors, mm/filemap.c).
/// </summary>
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class FsyncCaller : KernelActor
{
    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        var start = (WriteFile)initialEvent;
        await base.OnInitializeAsync(new Boot(start.World));
        var file = World.Files[start.File];
        var dirty = new List<BufferVersion>();
        foreach (var page in file.Pages)
        {
            page.TagTowrite |= page.PG_dirty;                                    // tag_pages_for_writeback
            var len = Ext4.Setup.PageSetup.LenFor(page, file.Inode.i_size);
            foreach (var bh in page.Buffers.Where(b => b.BH_Dirty && b.BH_Mapped && !b.BH_Delay && !b.BH_Unwritten && buffer_head.bh_offset(b) < len))
            {
                dirty.Add(new BufferVersion(page.Id, bh.Index, bh.b_blocknr, page.Content[bh.Index]));
            }
        }
        World.Machine.Trace(Cpu, new Call.fsync(dirty));
        var wbc = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL };
        await Linux.ext4_writepages(file.Inode, file.Pages, wbc, keep_towrite: false, unwritten: false);
        foreach (var page in file.Pages)
        {
            await Linux.wait_on_page_writeback(page);                           // filemap_fdatawait
        }
        var mapping = file.Inode.i_mapping;
        var ret = mapping.AS_EIO ? -Errno.EIO : 0;                               // filemap_check_errors
        mapping.AS_EIO = false;
        World.Machine.Trace(Cpu, new Call.fsync_return(ret));
    }
}
