using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Actors;

/// <summary>
/// An fsync on the file while the flusher writes it: records which buffers are dirty at its start,
/// then ext4_sync_file's data part, filemap_write_and_wait_range (a WB_SYNC_ALL ext4_writepages whose
/// error is fsync's, the wait on WRITEBACK-tagged pages with PG_error, AS_ENOSPC and AS_EIO).
/// </summary>
[OnEventDoAction(typeof(WakeUp), nameof(IgnoreSpuriousWake))]
public sealed class FsyncCaller : KernelActor
{
    protected override async Task OnInitializeAsync(Event initialEvent)
    {
        var start = (WriteFile)initialEvent;
        await base.OnInitializeAsync(new Boot(start.World));
        await Fsync(Linux, World.Files[start.File]);
    }

    /// <summary>The fsync's work, on whatever CPU runs it: note what is dirty, write and wait (filemap_write_and_wait_range), report.</summary>
    public static async ValueTask Fsync(Ext4.Linux linux, InodePages file)
    {
        var dirty = new List<BufferVersion>();
        foreach (var page in file.Pages)
        {
            var len = Ext4.Setup.PageSetup.LenFor(page, file.Inode.i_size);
            foreach (var bh in page.Buffers.Where(b => b.BH_Dirty && b.BH_Mapped && !b.BH_Delay && !b.BH_Unwritten && buffer_head.bh_offset(b) < len))
            {
                dirty.Add(new BufferVersion(page.Id, bh.Index, bh.b_blocknr, page.Content[bh.Index]));
            }
        }
        linux.Machine.Trace(linux.Cpu, new Call.fsync(dirty));
        var ret = await linux.filemap_write_and_wait_range(file.Inode, file.Pages);
        linux.Machine.Trace(linux.Cpu, new Call.fsync_return(ret));
    }
}
