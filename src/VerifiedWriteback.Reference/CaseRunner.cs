using System.Text.Json.Nodes;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Reference;

/// <summary>What one sequential run of ext4_bio_write_page produced.</summary>
public sealed record CaseResult(
    int? Return,
    IReadOnlyList<KernelEvent> Events,
    page Page,
    writeback_control Wbc,
    Machine Machine,
    string? Bug)
{
    /// <summary>The `vwb run` answer (docs/RUN-CONTRACT.md).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["return"] = Return is { } r ? JsonValue.Create(r) : null,
            ["events"] = new JsonArray(Events.Select(e => (JsonNode)EventWire.ToJson(e)).ToArray()),
            ["page"] = new JsonObject
            {
                ["writeback"] = Page.PG_writeback,
                ["dirty"] = Page.PG_dirty,
                ["error"] = Page.PG_error,
                ["locked"] = Page.PG_locked,
                ["towrite"] = Page.TagTowrite,
            },
            ["buffers"] = new JsonArray(Page.Buffers.Select(b => (JsonNode)new JsonObject
            {
                ["flags"] = new JsonArray(b.FlagNames().Select(f => (JsonNode)f).ToArray()),
            }).ToArray()),
            ["pagesSkipped"] = Wbc.pages_skipped,
            ["disk"] = new JsonArray(Machine.Disk.Blocks.Values.Select(w => (JsonNode)new JsonObject
            {
                ["block"] = w.Block,
                ["version"] = w.Version,
                ["ciphertext"] = w.Ciphertext,
            }).ToArray()),
        };
        if (Bug is not null)
        {
            o["bug"] = Bug;
        }
        return o;
    }
}

/// <summary>
/// Runs one case sequentially: builds the page (and the earlier page behind an open bio), calls
/// ext4_bio_write_page once, then, as the end of a writeback pass would, submits the open bio,
/// drops the pass's io_end reference and completes every bio in submission order.
/// </summary>
public static class CaseRunner
{
    public const int PageIndex = 1;

    public static CaseResult Run(WritePageCase c)
    {
        var variant = Ext4.Variants.VariantCatalog.Find(c.Variant)
            ?? throw new CaseError($"unknown variant '{c.Variant}' (known: {Ext4.Variants.VariantCatalog.Names})");
        // The case states every fault explicitly, so no environment guarantee is assumed.
        var machine = new Machine(EnvironmentAssumptions.Adversarial);
        var plan = new Dictionary<FaultSite, IReadOnlyList<bool>>
        {
            [FaultSite.ext4_encrypt] = c.EncryptFaults,
            [FaultSite.bio_alloc] = c.BioAllocFaults,
            [FaultSite.bio_io_error] = c.IoFaults,
        };
        var cpu = new SequentialCpu(machine, plan);
        var linux = new Linux(cpu, variant);

        var iSize = (long)PageIndex * c.PageSize + c.Len;
        var inode = PageSetup.NewInode(1, c.BlockSize, iSize, c.Regular, c.Encryption);
        var page = PageSetup.NewPage(inode, PageIndex, PageIndex, c.PageSize, c.Buffers);
        page.PG_locked = true;       // write_cache_pages: lock_page
        page.PG_dirty = false;       // clear_page_dirty_for_io
        page.TagTowrite = c.SyncAll; // tag_pages_for_writeback tags the range for WB_SYNC_ALL
        var wbc = new writeback_control { sync_mode = c.SyncAll ? writeback_sync_modes.WB_SYNC_ALL : writeback_sync_modes.WB_SYNC_NONE };
        var io = Linux.ext4_io_submit_init(wbc);
        io.io_end = linux.ext4_init_io_end(inode);
        if (c.OpenBioNextBlock is { } next)
        {
            OpenBioFromEarlierPage(linux, io, inode, c, next);
        }

        int? ret = null;
        string? bug = null;
        var firstEvent = machine.Events.Count;
        try
        {
            ret = Sequentially.Run(linux.ext4_bio_write_page(io, page, c.Len, wbc, c.KeepTowrite));
            if (c.CompleteBios)
            {
                Sequentially.Run(linux.ext4_io_submit(io));
                Sequentially.Run(linux.ext4_put_io_end_defer(io.io_end));
                CompleteAll(linux, cpu);
            }
        }
        catch (KernelBug e)
        {
            bug = e.Message;
        }
        catch (ModelHang e)
        {
            bug = "hang: " + e.Message;
        }
        return new CaseResult(ret, machine.Events.Skip(firstEvent).ToArray(), page, wbc, machine, bug);
    }

    /// <summary>Complete every submitted bio in order, then run any queued conversion work.</summary>
    public static void CompleteAll(Linux linux, SequentialCpu cpu)
    {
        while (cpu.Submitted.Count > 0 || cpu.QueuedWork.Count > 0)
        {
            if (cpu.Submitted.Count > 0)
            {
                var bio = cpu.Submitted[0];
                cpu.Submitted.RemoveAt(0);
                Sequentially.Run(linux.bio_endio(bio, cpu.Fault(FaultSite.bio_io_error) ? -Errno.EIO : 0));
                continue;
            }
            var inode = cpu.QueuedWork[0];
            cpu.QueuedWork.RemoveAt(0);
            Sequentially.Run(linux.ext4_do_flush_completed_IO(inode));
        }
    }

    /// <summary>
    /// An open bio "from an earlier page ending just before nextBlock": the previous page of the
    /// file, fully mapped to the blocks before nextBlock, marked and added to the bio, in writeback.
    /// </summary>
    private static void OpenBioFromEarlierPage(Linux linux, ext4_io_submit io, inode inode, WritePageCase c, long nextBlock)
    {
        var n = c.PageSize / c.BlockSize;
        if (nextBlock < n)
        {
            throw new CaseError($"openBio.nextBlock {nextBlock} leaves no room for the {n} blocks of the earlier page");
        }
        var buffers = Enumerable.Range(0, n)
            .Select(i => new BufferState(false, true, true, false, false, false, nextBlock - n + i))
            .ToArray();
        var earlier = PageSetup.NewPage(inode, PageIndex - 1, PageIndex - 1, c.PageSize, buffers);
        earlier.Content = Enumerable.Repeat(1, n).ToArray();
        earlier.PG_writeback = true;
        var bio = new bio
        {
            Id = linux.Machine.NewBioId(),
            FirstBlock = nextBlock - n,
            BlockSize = c.BlockSize,
            MaxVecs = linux.Machine.BioMaxVecs,
            bi_private = Linux.ext4_get_io_end(io.io_end!),
        };
        foreach (var bh in earlier.Buffers)
        {
            bh.BH_Async_Write = true;
            Linux.bio_add_page(bio, earlier, bh.b_size, buffer_head.bh_offset(bh));
        }
        io.io_bio = bio;
        io.io_next_block = nextBlock;
    }
}
