using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (g): bio_alloc fails for the second buffer (adversarial: in 4.4 bio_alloc(GFP_NOIO)
/// never returns NULL). Case bio-alloc-fails-second.json: 1K blocks at 100, 200, 300, 400, all
/// dirty+mapped, faults.bioAlloc ["ok","ENOMEM"]. The blocks are discontiguous, so the first bio is
/// submitted before the second allocation is attempted.
///
/// Derivation from the seed:
///   L45-67  all four buffers pass L52-53: L65 set_buffer_async_write each, nr_to_submit 4.
///   L97-112 bh0: io_submit_add_bh opens bio 1 (first bio_alloc succeeds); L110 nr_submitted 1;
///           L111 clear_buffer_dirty. bh1: block 200 != io_next_block 101, so page-io.c:401-403
///           submits bio 1 = [100]; then io_submit_init_bio's bio_alloc returns NULL, -ENOMEM
///           (:382-383), io_submit_add_bh returns it (:407-408). L102 ret != 0: L108 break with bh
///           still pointing at bh1.
///   L115-116 error path. L117 no data_page. L119 printk. L120 redirty_page_for_writepage
///           (pages_skipped 1, page dirty). L121-124 from bh1 round to the head: clear_buffer_async_write
///           bh1, bh2, bh3; bh0 keeps BH_Async_Write, its bio is in flight.
///   L126    unlock_page. L128 nr_submitted is 1: the writer does NOT end writeback (bio 1's
///           completion will). L130 returns -12.
/// Completion, run after the call: the pass has no open bio to submit and drops its io_end
/// reference; bio 1 completes, ext4_finish_bio clears bh0, finds no other buffer async
/// (under_io 0) and ends writeback once. (Had the completion run before L122 cleared bh1, it would
/// have counted bh1 as under I/O and nobody would end writeback: finding F3, a Coyote schedule.)
/// </summary>
public sealed class BioAllocFailureTests
{
    private static readonly string[] WriterSteps =
    [
        "ext4_bio_write_page",
        "set_page_writeback",
        "ClearPageError",
        "set_buffer_async_write bh0",
        "set_buffer_async_write bh1",
        "set_buffer_async_write bh2",
        "set_buffer_async_write bh3",
        "io_submit_add_bh bh0 bio1 page",
        "clear_buffer_dirty bh0",
        "submit_bio bio1 [100] page",
        "bio_alloc ret=-12",
        "io_submit_add_bh bh1 ret=-12",
        "printk_ratelimited ret=-12",
        "redirty_page_for_writepage",
        "clear_buffer_async_write bh1",
        "clear_buffer_async_write bh2",
        "clear_buffer_async_write bh3",
        "unlock_page",
        "ext4_bio_write_page_return ret=-12",
    ];

    [Fact]
    public void Seed_returns_minus_ENOMEM_with_the_first_buffer_in_flight_and_the_rest_unmarked()
    {
        var r = ExampleCase.Run("bio-alloc-fails-second.json", c => c with { CompleteBios = false });

        Assert.Null(r.Bug);
        Assert.Equal(-12, r.Return);
        Assert.Equal(WriterSteps, r.WriterSteps());
        Assert.Empty(r.All<Call.end_page_writeback>());

        Assert.Equal((Writeback: true, Dirty: true, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate", "async_write"], r.Flags(0));
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(1));
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(2));
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(3));
        Assert.Equal(1, r.Wbc.pages_skipped);
        Assert.Empty(r.Disk());
    }

    [Fact]
    public void Seed_then_completion_of_the_first_bio_ends_writeback_once()
    {
        var r = ExampleCase.Run("bio-alloc-fails-second.json");

        Assert.Null(r.Bug);
        Assert.Equal(-12, r.Return);
        Assert.Equal(WriterSteps, r.WriterSteps());
        Assert.Equal(
        [
            "ext4_put_io_end_defer ret=1",
            "bio_endio bio1 [100] page",
            "ext4_end_bio bio1",
            "ext4_put_io_end_defer ret=0",
            "ext4_release_io_end",
            "ext4_finish_bio bio1",
            "clear_buffer_async_write bh0",
            "end_page_writeback",
        ], r.CompletionSteps());

        Assert.Equal((Writeback: false, Dirty: true, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal(["dirty", "mapped", "uptodate"], r.Flags(1));
        Assert.Equal(1, r.Wbc.pages_skipped);
        Assert.Equal([(100L, 1, false)], r.Disk());
    }

    /// <summary>
    /// Upstream declares bio_alloc infallible (io_submit_init_bio cannot fail), so the planned
    /// fault is never consulted: four single-block bios, return 0, all four blocks on disk.
    /// </summary>
    [Fact]
    public void Upstream_cannot_fail_there()
    {
        var r = ExampleCase.Run("bio-alloc-fails-second.json", c => c with { Variant = "4.4-fixed" });

        Assert.Equal(0, r.Return);
        Assert.Empty(r.All<Call.bio_alloc>());
        Assert.Equal([[100L], [200L], [300L], [400L]], r.All<Call.submit_bio>().Select(e => e.Blocks.ToArray()));
        Assert.Equal(0, r.Wbc.pages_skipped);
        Assert.Equal([100L, 200L, 300L, 400L], r.Disk().Select(d => d.Block));
    }
}
