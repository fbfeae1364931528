using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.PageCache;

/// <summary>
/// One test per page-cache rule the writeback pass relies on, each pinned to the kernel line it
/// follows: Linux 4.4.178, MichaelTong/linux-4.4.178 @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c,
/// mm/page-writeback.c, mm/filemap.c and fs/ext4/inode.c.
/// </summary>
public sealed class PageCacheTagTests
{
    private static readonly BufferState Data = new(true, true, true, false, false, false, 100);

    private sealed class RecordingCpu(Machine machine) : ICpu
    {
        public List<string> Points { get; } = [];
        public string Name => "cpu0";
        public Machine Machine { get; } = machine;
        public ValueTask InterleaveAsync(string where) { Points.Add(where); return ValueTask.CompletedTask; }
        public ValueTask SleepAsync(wait_queue_head_t wq, string why) => throw new InvalidOperationException($"{why} would sleep");
        public ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq) => ValueTask.CompletedTask;
        public bool Fault(FaultSite site) => false;
        public List<bio> Submitted { get; } = [];
        public ValueTask SubmitBioAsync(bio bio) { Submitted.Add(bio); return ValueTask.CompletedTask; }
        public ValueTask QueueWorkAsync(inode inode) => ValueTask.CompletedTask;
        public ValueTask CryptoRoundTripAsync() => ValueTask.CompletedTask;
        public ValueTask CongestionWaitAsync() => ValueTask.CompletedTask;
    }

    private static (Linux Linux, RecordingCpu Cpu, inode Inode, page[] Pages) Setup(int pages = 1)
    {
        var machine = new Machine(EnvironmentAssumptions.Faithful);
        var cpu = new RecordingCpu(machine);
        var linux = new Linux(cpu, VariantCatalog.Find("seed")!);
        var inode = PageSetup.NewInode(1, 4096, pages * 4096L, regular: true, EncryptionMode.None);
        var all = Enumerable.Range(0, pages).Select(p => PageSetup.NewPage(inode, p, p, 4096, [Data with { Block = 100 + p }])).ToArray();
        return (linux, cpu, inode, all);
    }

    [Fact]
    public void Tag_pages_for_writeback_copies_DIRTY_to_TOWRITE_L2115_2117()
    {
        var (linux, _, _, pages) = Setup(2);
        pages[0].PG_dirty = false;          // tag still set: clear_page_dirty_for_io left it
        pages[1].TagDirty = false;          // flag set, no tag: not tagged
        linux.tag_pages_for_writeback(pages);
        Assert.True(pages[0].TagTowrite);
        Assert.False(pages[1].TagTowrite);
    }

    [Fact]
    public void Set_page_writeback_clears_DIRTY_only_when_the_page_is_clean_L2785_2788()
    {
        var (linux, _, _, pages) = Setup();
        Sequentially.Run(linux.set_page_writeback(pages[0]));
        Assert.True(pages[0].TagDirty);     // PG_dirty still set: the tag stays
        var (linux2, _, _, clean) = Setup();
        clean[0].PG_dirty = false;
        Sequentially.Run(linux2.set_page_writeback(clean[0]));
        Assert.False(clean[0].TagDirty);
    }

    [Fact]
    public void Set_page_writeback_clears_TOWRITE_unless_keep_write_L2789_2792()
    {
        var (linux, _, _, pages) = Setup(2);
        pages[0].TagTowrite = pages[1].TagTowrite = true;
        Sequentially.Run(linux.set_page_writeback(pages[0]));
        Sequentially.Run(linux.set_page_writeback_keepwrite(pages[1]));
        Assert.False(pages[0].TagTowrite);
        Assert.True(pages[1].TagTowrite);
    }

    [Fact]
    public void The_WRITEBACK_tag_follows_PG_writeback_L2778_2781_and_L2739_2743()
    {
        var (linux, _, _, pages) = Setup();
        Sequentially.Run(linux.set_page_writeback(pages[0]));
        Assert.True(pages[0].TagWriteback);
        Sequentially.Run(linux.end_page_writeback(pages[0]));
        Assert.False(pages[0].TagWriteback);
    }

    [Fact]
    public void Redirty_sets_DIRTY_but_not_TOWRITE_L2541_L2490_2491()
    {
        var (linux, _, _, pages) = Setup();
        pages[0].PG_dirty = false;
        pages[0].TagDirty = false;
        linux.redirty_page_for_writepage(new writeback_control(), pages[0]);
        Assert.True(pages[0].PG_dirty);
        Assert.True(pages[0].TagDirty);
        Assert.False(pages[0].TagTowrite);
    }

    [Fact]
    public void Clear_page_dirty_for_io_leaves_the_DIRTY_tag_L2652_2660()
    {
        var (linux, _, _, pages) = Setup();
        pages[0].PG_locked = true;          // its caller holds the page lock (BUG_ON(!PageLocked), L2667)
        Assert.True(linux.clear_page_dirty_for_io(pages[0]));
        Assert.False(pages[0].PG_dirty);
        Assert.True(pages[0].TagDirty);
    }

    [Fact]
    public void Clear_page_dirty_for_io_of_an_unlocked_page_is_a_kernel_BUG_L2667()
    {
        var (linux, _, _, pages) = Setup();
        Assert.False(pages[0].PG_locked);
        Assert.Throws<KernelBug>(() => linux.clear_page_dirty_for_io(pages[0]));
    }

    [Fact]
    public void A_sync_pass_looks_up_TOWRITE_and_skips_a_clean_page_without_touching_its_tags_inode_c_L2392_2395_L2442_2448()
    {
        var (linux, _, inode, pages) = Setup(2);
        pages[0].PG_dirty = false;          // clean, but still DIRTY-tagged (as after clear_page_dirty_for_io)
        var ret = Sequentially.Run(linux.ext4_writepages(inode, pages, new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL }, unwritten: false));
        Assert.Equal(0, ret);
        Assert.False(pages[0].PG_writeback);
        Assert.True(pages[0].TagDirty);     // skipped: unlock only
        Assert.True(pages[0].TagTowrite);   // tagged from DIRTY, never cleared
        Assert.True(pages[1].PG_writeback); // the dirty page was written
        Assert.False(pages[1].TagTowrite);
        Assert.Contains(linux.Machine.Events, e => e is Call.lock_page { Page: 0 });
    }

    [Fact]
    public void A_pass_can_sleep_between_tagging_and_lookup_inode_c_L2579_L2601_L2614()
    {
        var (linux, cpu, inode, pages) = Setup();
        Sequentially.Run(linux.ext4_writepages(inode, pages, new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL }, unwritten: false));
        var events = linux.Machine.Events;
        var tag = events.ToList().FindIndex(e => e is Call.tag_pages_for_writeback);
        var journal = events.ToList().FindIndex(e => e is Call.ext4_journal_start_with_reserve);
        var lookup = events.ToList().FindIndex(e => e is Call.lock_page);
        Assert.True(tag >= 0 && tag < journal && journal < lookup, string.Join(", ", events.Select(EventWire.Name)));
        Assert.Equal("ext4_journal_start_with_reserve", cpu.Points[0]);
    }

    [Fact]
    public void A_pass_with_no_DIRTY_tag_returns_at_once_inode_c_L2507_2508()
    {
        var (linux, _, inode, pages) = Setup();
        pages[0].TagDirty = false;
        Sequentially.Run(linux.ext4_writepages(inode, pages, new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_ALL }, unwritten: false));
        Assert.DoesNotContain(linux.Machine.Events, e => e is Call.tag_pages_for_writeback or Call.lock_page);
        Assert.True(pages[0].PG_dirty);
    }

    [Fact]
    public void Fsync_returns_the_writepages_error_filemap_c_L535_542()
    {
        // fsync's own pass fails (bio_alloc, adversarial): that error is fsync's result.
        var machine = new Machine(EnvironmentAssumptions.Adversarial);
        var cpu = new SequentialCpu(machine, new Dictionary<FaultSite, IReadOnlyList<bool>> { [FaultSite.bio_alloc] = [true] });
        var linux = new Linux(cpu, VariantCatalog.Find("seed")!);
        var inode = PageSetup.NewInode(1, 4096, 4096, regular: true, EncryptionMode.None);
        var page = PageSetup.NewPage(inode, 0, 0, 4096, [Data]);
        Assert.Equal(-Errno.ENOMEM, Sequentially.Run(linux.filemap_write_and_wait_range(inode, [page])));
        Assert.Contains(machine.Events, e => e is Call.ext4_writepages_return { Ret: -Errno.ENOMEM });
    }

    [Fact]
    public void Fsync_turns_PG_error_into_EIO_filemap_c_L411_412_and_reports_AS_ENOSPC_L304_315()
    {
        var (linux, _, inode, pages) = Setup();
        pages[0].PG_dirty = false;
        pages[0].TagDirty = false;
        pages[0].PG_error = true;
        pages[0].TagWriteback = true;       // lookup by the WRITEBACK tag finds it; PG_writeback is already clear
        Assert.Equal(-Errno.EIO, Sequentially.Run(linux.filemap_write_and_wait_range(inode, pages)));
        Assert.False(pages[0].PG_error);
        inode.i_mapping.AS_ENOSPC = true;
        Assert.Equal(-Errno.ENOSPC, Sequentially.Run(linux.filemap_write_and_wait_range(inode, pages)));
        Assert.Equal(0, Sequentially.Run(linux.filemap_write_and_wait_range(inode, pages)));
    }
}
