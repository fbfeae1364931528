using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>A buffer's data handed to a bio: page, buffer, block, data version.</summary>
public sealed record WriteRecord(int Page, int Bh, long Block, int Version);

/// <summary>A write the device finished, with or without error.</summary>
public sealed record CompletedWrite(WriteRecord Write, bool Error);

/// <summary>
/// The system under test: one inode's pages run through the model's kernel functions. A pass is
/// the kernel's ext4_writepages (tag, look up by tag, lock, skip clean pages, skip or wait for
/// pages under writeback, map delayed buffers through this system, clear dirty for I/O, len from
/// i_size, stop at the first error);
/// the user's writes play the VFS write path (a new version, dirty buffer and page; a hole gets a
/// delayed allocation as ext4_da_map_blocks does).
/// </summary>
public sealed class WritebackSystem
{
    private readonly Dictionary<int, List<WriteRecord>> inBio = [];
    private int seen;
    private long nextNewBlock = ScenarioConfig.FirstNewBlock;

    public WritebackSystem(ScenarioConfig config)
    {
        Config = config;
        Machine = new Machine(EnvironmentAssumptions.Faithful, config.BouncePoolReserve);
        Cpu = new ModelCpu(Machine);
        Linux = new Ext4.Linux(Cpu, VariantCatalog.Find(config.Variant) ?? throw new ArgumentException($"unknown variant {config.Variant}"));
        Cpu.Complete = (bio, error) => Linux.bio_endio(bio, error);
        Inode = PageSetup.NewInode(1, config.BlockSize, config.ISize, true, config.Encryption);
        var n = config.BuffersPerPage;
        Pages = Enumerable.Range(0, config.Pages).Select(p => PageSetup.NewPage(Inode, p, p, ScenarioConfig.PageSize,
            Enumerable.Range(0, n).Select(i => new BufferState(false, !config.IsHole(p, i), true, false, false, false,
                config.IsHole(p, i) ? 0 : config.InitialBlock(p, i))).ToArray())).ToArray();
    }

    public ScenarioConfig Config { get; }
    public Machine Machine { get; }
    public ModelCpu Cpu { get; }
    public Ext4.Linux Linux { get; }
    public inode Inode { get; }
    public page[] Pages { get; }

    /// <summary>Writes handed to bios and not completed, in order.</summary>
    public IEnumerable<WriteRecord> InFlight => inBio.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value);

    public void Write(int p, int i, int version)
    {
        var page = Pages[p];
        var bh = page.Buffers[i];
        page.Content[i] = version;
        bh.BH_Dirty = true;
        bh.BH_Uptodate = true;
        if (!bh.BH_Mapped)
        {
            bh.BH_Mapped = true;
            bh.BH_New = true;
            bh.BH_Delay = true;
            bh.b_blocknr = -1;
        }
        Ext4.Linux.__set_page_dirty_nobuffers(page);                          // set_page_dirty: PG_dirty and the DIRTY tag
    }

    /// <summary>
    /// One writeback pass: the kernel's own ext4_writepages (Ext4/Linux/Writeback.cs), with this
    /// system as its block allocator when the pass maps delayed buffers.
    /// </summary>
    public int Pass(bool syncAll, bool allocate)
    {
        var wbc = new writeback_control { sync_mode = syncAll ? writeback_sync_modes.WB_SYNC_ALL : writeback_sync_modes.WB_SYNC_NONE };
        return Sequentially.Run(Linux.ext4_writepages(Inode, Pages, wbc, unwritten: false, allocate ? new Allocator(this) : null));
    }

    /// <summary>ext4_map_blocks for the delayed buffers below i_size: each gets the next new block.</summary>
    private sealed class Allocator(WritebackSystem system) : IDelayedBlockMapper
    {
        public void MapDelayedBuffers(page page)
        {
            foreach (var bh in page.Buffers.Where(b => b.BH_Delay && system.Config.InsideFile((int)page.index, b.Index)))
            {
                bh.BH_Delay = false;
                bh.b_blocknr = system.nextNewBlock++;
            }
        }
    }

    public void CompleteAll(bool fail) => Cpu.CompleteSubmitted(fail ? -Errno.EIO : 0);

    public void SetPressure(Pressure level)
    {
        Cpu.Pressure = level;
        Machine.MemoryPressure = level != Pressure.None;
    }

    /// <summary>The writes completed since the last call, read from the events (io_submit_add_bh, bio_endio).</summary>
    public IReadOnlyList<CompletedWrite> TakeCompletions()
    {
        var done = new List<CompletedWrite>();
        for (; seen < Machine.Events.Count; seen++)
        {
            var e = Machine.Events[seen];
            if (e is Call.io_submit_add_bh { Bio: { } bio } add)
            {
                if (!inBio.TryGetValue(bio, out var list)) inBio[bio] = list = [];
                list.Add(new WriteRecord(add.Page, add.Bh, add.Block, add.Version));
            }
            else if (e is Call.bio_endio done1 && inBio.Remove(done1.Bio, out var writes))
            {
                done.AddRange(writes.Select(w => new CompletedWrite(w, done1.Failed)));
            }
        }
        return done;
    }

    /// <summary>Events since index <paramref name="from"/>, one line each, for failure reports.</summary>
    public IEnumerable<string> Describe(int from) => Machine.Events.Skip(from).Select(EventWire.Describe);
}
