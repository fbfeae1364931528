using VerifiedWriteback.Engine;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Reclaim;

/// <summary>
/// ext4_writepage's one-page pass is traced as what the kernel calls: ext4_init_io_end begins it
/// (4.4.178 fs/ext4/inode.c L1938) and ext4_writepage_return ends it; no ext4_writepages appears on
/// a CPU that never called it. The specs scope a pass by the shared base types.
/// </summary>
public sealed class WritepagePassEventsTests
{
    [Theory]
    [InlineData("f7-reclaim-encrypt-enomem-4.4-fixed.trace.json")]
    [InlineData("f8-reclaim-pool-deadlock-6.1.trace.json")]
    public void Kswapds_pass_begins_with_ext4_init_io_end_and_never_shows_ext4_writepages(string name)
    {
        var replay = Replayer.Replay(TraceFile.Load(Path.Combine(AppContext.BaseDirectory, "traces", name)));
        Assert.True(replay.Reproduced);
        var kswapd = replay.Events.Where(e => e.Cpu == "kswapd").ToArray();
        var begin = Assert.Single(kswapd.OfType<Call.ext4_init_io_end>());
        // The pass's io_end is the one whose reference it drops before returning (inode.c L1947);
        // F8's kswapd never returns (asleep in mempool_alloc) and drops none.
        Assert.All(kswapd.OfType<Call.ext4_put_io_end_defer>(), d => Assert.Equal(begin.IoEnd, d.IoEnd));
        Assert.Equal(kswapd.OfType<Call.ext4_writepage_return>().Any(), kswapd.OfType<Call.ext4_put_io_end_defer>().Any());
        Assert.DoesNotContain(kswapd, e => e is Call.ext4_writepages or Call.ext4_writepages_return);
        Assert.True(kswapd.OfType<Call.ext4_writepage>().Single().Seq < begin.Seq);
    }
}
