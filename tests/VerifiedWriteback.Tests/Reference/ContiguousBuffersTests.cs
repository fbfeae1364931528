using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (a): four dirty, mapped, contiguous buffers (1K blocks in a 4K page) go out in one bio;
/// the buffers are clean at once, but the page stays in writeback until that bio completes.
///
/// Derivation from the seed (seed lines counted from the signature, docs/KERNEL-MODEL.md):
///   L17-18  page locked and not in writeback: no BUG.
///   L20/L23 keep_towrite false: set_page_writeback. L24 ClearPageError.
///   L35     len 4096 is not below PAGE_SIZE: no zero_user_segment.
///   L45-67  for bh0..bh3: block_start 0/1024/2048/3072 &lt; len (L47 false); dirty, mapped, not delay,
///           not unwritten (L52-53 false); not new (L61 false): L65 set_buffer_async_write, L66
///           nr_to_submit = 4.
///   L71     not encrypted: no ext4_encrypt.
///   L97-112 every buffer is async: L100 io_submit_add_bh. bh0 finds no open bio and allocates bio 1
///           (page-io.c:405-406, io_next_block = 100, then 101); bh1..bh3 carry blocks 101..103 =
///           io_next_block, so page-io.c:401 does not submit and they join bio 1. After each, L110
///           nr_submitted++ and L111 clear_buffer_dirty.
///   L115    ret 0: no error path. L126 unlock_page. L128 nr_submitted = 4: no end_page_writeback.
///   L130    returns 0 with PG_writeback set and bio 1 still open in io (not yet submitted).
/// End of the pass (completeBios): ext4_io_submit submits bio 1 = blocks 100..103 as ONE segment
/// (bio_add_page merges adjacent pieces of the same page); the pass drops its io_end reference
/// (2 -> 1). bio_endio -> ext4_end_bio (page-io.c:314): no error, not UNWRITTEN, so
/// ext4_put_io_end_defer first (1 -> 0, ext4_release_io_end) then ext4_finish_bio: the segment
/// 0..4096 covers all four buffers, each gets clear_buffer_async_write, under_io = 0, so
/// end_page_writeback runs exactly once.
/// </summary>
public sealed class ContiguousBuffersTests
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
        "io_submit_add_bh bh1 bio1 page",
        "clear_buffer_dirty bh1",
        "io_submit_add_bh bh2 bio1 page",
        "clear_buffer_dirty bh2",
        "io_submit_add_bh bh3 bio1 page",
        "clear_buffer_dirty bh3",
        "unlock_page",
        "ext4_bio_write_page_return ret=0",
    ];

    [Fact]
    public void Before_completion_buffers_are_clean_but_the_page_stays_in_writeback()
    {
        var r = ExampleCase.Run("four-contiguous-in-flight.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(WriterSteps, r.WriterSteps());
        Assert.Empty(r.CompletionSteps());
        Assert.Empty(r.All<Call.submit_bio>());
        Assert.Empty(r.All<Call.end_page_writeback>());
        Assert.Equal((Writeback: true, Dirty: false, Error: false, Locked: false), r.PageFlags());
        for (var bh = 0; bh < 4; bh++)
        {
            Assert.Equal(["mapped", "uptodate", "async_write"], r.Flags(bh));
        }
        Assert.Equal(0, r.Wbc.pages_skipped);
        Assert.Empty(r.Disk());
    }

    [Fact]
    public void One_bio_then_writeback_ends_exactly_once_when_it_completes()
    {
        var r = ExampleCase.Run("four-contiguous.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(WriterSteps, r.WriterSteps());
        Assert.Equal(
        [
            "submit_bio bio1 [100,101,102,103] page",
            "ext4_put_io_end_defer ret=1",
            "bio_endio bio1 [100,101,102,103] page",
            "ext4_end_bio bio1",
            "ext4_put_io_end_defer ret=0",
            "ext4_release_io_end",
            "ext4_finish_bio bio1",
            "clear_buffer_async_write bh0",
            "clear_buffer_async_write bh1",
            "clear_buffer_async_write bh2",
            "clear_buffer_async_write bh3",
            "end_page_writeback",
        ], r.CompletionSteps());

        var bio = Assert.Single(r.All<Call.submit_bio>());
        var segment = Assert.Single(bio.Segments);
        Assert.Equal((0, 4096, 100L, false), (segment.Offset, segment.Length, segment.Block, segment.Bounce));
        Assert.Single(r.All<Call.end_page_writeback>());
        Assert.IsType<Call.end_page_writeback>(r.Events[^1]);

        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        for (var bh = 0; bh < 4; bh++)
        {
            Assert.Equal(["mapped", "uptodate"], r.Flags(bh));
        }
        Assert.Equal(0, r.Wbc.pages_skipped);
        Assert.Equal([(100L, 1, false), (101L, 1, false), (102L, 1, false), (103L, 1, false)], r.Disk());
    }
}
