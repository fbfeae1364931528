using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Reclaim;

/// <summary>
/// ext4_writepage (4.4.178 fs/ext4/inode.c L1876-1949) and reclaim's shrink_page_list / pageout
/// (4.4.178 mm/vmscan.c; 6.1.141 and 6.18.2 where they differ), statement by statement on scripted
/// pages, on one sequential CPU. Line numbers are those of the markers in Linux/Inode.Writepage.cs
/// and Linux/Vmscan.cs.
/// </summary>
public sealed class ReclaimWritepageTests
{
    private static readonly BufferState Data = BufferState.Of(BufferFlags.dirty | BufferFlags.mapped | BufferFlags.uptodate, 100);
    private static readonly BufferState Delayed = BufferState.Of(BufferFlags.dirty | BufferFlags.mapped | BufferFlags.uptodate | BufferFlags.delay, 101);

    private sealed record Rig(Linux Linux, SequentialCpu Cpu, Machine Machine, inode Inode, page Page)
    {
        public IEnumerable<T> Events<T>() => Machine.Events.OfType<T>();
    }

    private static Rig Setup(string variant, int blockSize, IReadOnlyList<BufferState> buffers, EncryptionMode encryption = EncryptionMode.None,
        bool kswapd = false, bool encryptFails = false)
    {
        var machine = new Machine(EnvironmentAssumptions.Faithful) { MemoryPressure = encryptFails };
        var plan = new Dictionary<FaultSite, IReadOnlyList<bool>> { [FaultSite.ext4_encrypt] = encryptFails ? [true] : [] };
        var cpu = new SequentialCpu(machine, plan);
        var linux = new Linux(cpu, VariantCatalog.Find(variant)!);
        if (kswapd)
            linux.current_flags = task_flags.PF_MEMALLOC | task_flags.PF_KSWAPD;
        var inode = PageSetup.NewInode(1, blockSize, 4096, regular: true, encryption);
        var page = PageSetup.NewPage(inode, 0, 0, 4096, buffers.Select((b, i) => b with { Block = b.Block + i }).ToArray());
        return new Rig(linux, cpu, machine, inode, page);
    }

    private static int Writepage(Rig r, bool forReclaim)
    {
        r.Page.PG_locked = true;
        r.Page.PG_dirty = false;                                                 // the caller's clear_page_dirty_for_io
        return Sequentially.Run(r.Linux.ext4_writepage(r.Inode, r.Page, new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_NONE, for_reclaim = forReclaim }));
    }

    [Fact]
    public void Under_PF_MEMALLOC_a_page_with_a_delayed_buffer_is_redirtied_unlocked_and_not_written_L1912_1925()
    {
        var r = Setup("4.4-fixed", 1024, [Data, Delayed, Data, Data], kswapd: true);
        Assert.Equal(0, Writepage(r, forReclaim: true));
        Assert.True(r.Page.PG_dirty && r.Page.TagDirty);                         // L1914
        Assert.False(r.Page.PG_locked);                                          // L1924
        Assert.Empty(r.Events<Call.ext4_bio_write_page>());                      // L1925: given up before L1944
        Assert.Empty(r.Cpu.Submitted);
    }

    [Fact]
    public void Without_PF_MEMALLOC_the_mapped_buffers_of_such_a_page_are_written_with_keep_towrite_L1927_L1944()
    {
        var r = Setup("4.4-fixed", 1024, [Data, Delayed, Data, Data]);
        Assert.Equal(0, Writepage(r, forReclaim: false));
        var call = Assert.Single(r.Events<Call.ext4_bio_write_page>());
        Assert.True(call.KeepTowrite);                                           // L1927
        Assert.True(r.Page.PG_dirty);                                            // L1914: redirtied for the delayed buffer
        Assert.NotEmpty(r.Cpu.Submitted);                                        // L1945
    }

    [Fact]
    public void With_one_buffer_per_page_a_delayed_page_is_given_up_even_without_PF_MEMALLOC_L1915_1916()
    {
        var r = Setup("4.4-fixed", 4096, [Delayed]);
        Assert.Equal(0, Writepage(r, forReclaim: false));
        Assert.Empty(r.Events<Call.ext4_bio_write_page>());
        Assert.True(r.Page.PG_dirty);
        Assert.False(r.Page.PG_locked);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("4.4-fixed")]
    [InlineData("6.1")]
    public void A_mapped_page_is_written_with_its_own_io_end_submitted_and_dropped_L1937_1948(string variant)
    {
        var r = Setup(variant, 4096, [Data], kswapd: true);
        Assert.Equal(0, Writepage(r, forReclaim: true));
        var call = Assert.Single(r.Events<Call.ext4_bio_write_page>());
        Assert.False(call.KeepTowrite);
        Assert.Single(r.Cpu.Submitted);                                          // L1945 ext4_io_submit
        var put = r.Events<Call.ext4_put_io_end_defer>().Last();                 // L1947: the init reference dropped, the bio's remains
        Assert.Equal(1, put.Count);
        Assert.True(r.Page.PG_writeback);
        Assert.False(r.Page.PG_locked);
        Assert.Equal(0, Assert.Single(r.Events<Call.ext4_writepage_return>()).Ret);
    }

    [Fact]
    public void Version_6_18_has_no_ext4_writepage()
    {
        var r = Setup("6.18", 4096, [Data]);
        Assert.Throws<InvalidOperationException>(() => Writepage(r, forReclaim: true));
    }

    [Fact]
    public void Pageout_cleans_the_page_marks_it_PG_reclaim_and_writes_it_L585_610_and_end_page_writeback_clears_PG_reclaim()
    {
        var r = Setup("4.4-fixed", 4096, [Data], kswapd: true);
        r.Page.PG_locked = true;
        Assert.Equal(pageout_t.PAGE_SUCCESS, Sequentially.Run(r.Linux.pageout(r.Page)));
        Assert.False(r.Page.PG_dirty);                                           // L585
        Assert.True(r.Page.PG_reclaim);                                          // L595, kept: still under writeback (L604)
        Assert.True(Assert.Single(r.Events<Call.ext4_writepage>()).ForReclaim);  // L587-593, L596
        Sequentially.Run(r.Linux.bio_endio(r.Cpu.Submitted[0], 0));
        Assert.False(r.Page.PG_writeback);
        Assert.False(r.Page.PG_reclaim);                                         // 4.4.178 mm/filemap.c L839-841
    }

    [Theory]
    [InlineData("seed", -Errno.ENOMEM)]
    [InlineData("4.4-fixed", -Errno.ENOMEM)]
    [InlineData("6.1", -Errno.ENOMEM)]
    public void A_failed_writepage_is_recorded_on_the_mapping_by_handle_write_error_L597_598_L520_527(string variant, int expected)
    {
        var r = Setup(variant, 4096, [Data], EncryptionMode.Software, kswapd: true, encryptFails: true);
        r.Page.PG_locked = true;
        Assert.Equal(pageout_t.PAGE_SUCCESS, Sequentially.Run(r.Linux.pageout(r.Page)));
        Assert.Equal(expected, Assert.Single(r.Events<Call.ext4_writepage_return>()).Ret);
        Assert.Equal(expected, Assert.Single(r.Events<Call.mapping_set_error>()).Error);
        Assert.True(r.Inode.i_mapping.AS_EIO);                                   // mapping_set_error: anything but -ENOSPC is AS_EIO
        Assert.True(r.Page.PG_dirty);                                            // the submission function redirtied it
        Assert.False(r.Page.PG_writeback);
        Assert.False(r.Page.PG_reclaim);                                         // L604-606: writeback already over
        Assert.False(r.Page.PG_locked);                                          // L526
    }

    [Fact]
    public void Pageout_in_6_18_activates_an_ext4_page_without_touching_its_dirty_bit_L717_718()
    {
        var r = Setup("6.18", 4096, [Data], kswapd: true);
        r.Page.PG_locked = true;
        Assert.Equal(pageout_t.PAGE_ACTIVATE, Sequentially.Run(r.Linux.pageout(r.Page)));
        Assert.True(r.Page.PG_dirty);
        Assert.Empty(r.Events<Call.clear_page_dirty_for_io>());
        Assert.Empty(r.Events<Call.ext4_writepage>());
    }

    [Fact]
    public void Shrink_page_list_leaves_a_page_it_cannot_trylock_L926_927()
    {
        var r = Setup("4.4-fixed", 4096, [Data], kswapd: true);
        r.Page.PG_locked = true;                                                 // another context holds it
        Assert.Equal("keep", Sequentially.Run(r.Linux.shrink_page_list(r.Page, 1)));
        Assert.False(Assert.Single(r.Events<Call.trylock_page>()).Acquired);
        Assert.True(r.Page.PG_locked && r.Page.PG_dirty);
        Assert.Empty(r.Events<Call.pageout>());
    }

    [Theory]
    [InlineData("4.4-fixed", "keep_locked")]
    [InlineData("6.1", "activate_locked")]
    public void Shrink_page_list_marks_a_page_under_writeback_PG_reclaim_and_moves_on_L1005_1029(string variant, string label)
    {
        var r = Setup(variant, 4096, [Data], kswapd: true);
        r.Page.PG_writeback = true;
        Assert.Equal(label, Sequentially.Run(r.Linux.shrink_page_list(r.Page, 1)));
        Assert.True(r.Page.PG_reclaim);
        Assert.False(r.Page.PG_locked);
        Assert.Empty(r.Events<Call.pageout>());
    }

    [Fact]
    public void Kswapd_in_4_4_writes_a_dirty_page_the_first_time_it_meets_it_L1087_1121()
    {
        var r = Setup("4.4-fixed", 4096, [Data], kswapd: true);
        Assert.Equal("keep", Sequentially.Run(r.Linux.shrink_page_list(r.Page, 1))); // L1127-1128: under writeback
        Assert.Equal(pageout_t.PAGE_SUCCESS, Assert.Single(r.Events<Call.pageout>()).Ret);
        Assert.Single(r.Cpu.Submitted);
    }

    [Theory]
    [InlineData("6.1", pageout_t.PAGE_SUCCESS)]
    [InlineData("6.18", pageout_t.PAGE_ACTIVATE)]
    public void Kswapd_in_6_x_writes_a_dirty_file_page_only_on_meeting_it_again_with_PG_reclaim(string variant, pageout_t second)
    {
        var r = Setup(variant, 4096, [Data], kswapd: true);
        Assert.Equal("activate_locked", Sequentially.Run(r.Linux.shrink_page_list(r.Page, 1)));
        Assert.True(r.Page.PG_reclaim && r.Page.PG_dirty);
        Assert.Empty(r.Events<Call.pageout>());
        Sequentially.Run(r.Linux.shrink_page_list(r.Page, 2));
        Assert.Equal(second, Assert.Single(r.Events<Call.pageout>()).Ret);
        Assert.Equal(second == pageout_t.PAGE_SUCCESS, r.Cpu.Submitted.Count == 1);
        Assert.Equal(second == pageout_t.PAGE_ACTIVATE, r.Page.PG_dirty);
    }
}
