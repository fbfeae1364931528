using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (b): len in the middle of the page (i_size ends inside it). The tail from len to
/// PAGE_SIZE is zeroed before any buffer is marked, and buffers that start at or past len are made
/// clean and uptodate without being written.
///
/// Derivation from the seed, case tail-zeroed.json (1K blocks, len 2000, all four dirty+mapped,
/// bh2 and bh3 not uptodate):
///   L23-24  set_page_writeback, ClearPageError.
///   L35-36  2000 &lt; 4096: zero_user_segment(page, 2000, 4096), before the first loop.
///   L46-47  bh0 (offset 0) and bh1 (1024) start below len: L65 set_buffer_async_write each
///           (bh1 straddles len; it is written whole, its bytes past 2000 now zero).
///   L47-50  bh2 (2048) and bh3 (3072) start at or past len: L48 clear_buffer_dirty, L49
///           set_buffer_uptodate, L50 continue. They are never marked async.
///   L97-112 bh0, bh1 join bio 1 (blocks 100, 101); L98-99 skip bh2, bh3. Returns 0.
/// Completion: bio 1 = [100,101], one segment 0..2048; ext4_finish_bio clears bh0, bh1; bh2 and
/// bh3 lie outside the segment and are not async, so under_io = 0: end_page_writeback once.
/// Blocks 102 and 103 never reach the disk.
/// </summary>
public sealed class TailZeroingTests
{
    [Fact]
    public void Tail_is_zeroed_and_buffers_past_len_are_clean_uptodate_and_not_written()
    {
        var r = ExampleCase.Run("tail-zeroed.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "zero_user_segment 2000..4096",
            "set_buffer_async_write bh0",
            "set_buffer_async_write bh1",
            "clear_buffer_dirty bh2",
            "set_buffer_uptodate bh2",
            "clear_buffer_dirty bh3",
            "set_buffer_uptodate bh3",
            "io_submit_add_bh bh0 bio1 page",
            "clear_buffer_dirty bh0",
            "io_submit_add_bh bh1 bio1 page",
            "clear_buffer_dirty bh1",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Equal(2000, r.Page.ZeroedFrom);

        var bio = Assert.Single(r.All<Call.submit_bio>());
        Assert.Equal([100L, 101L], bio.Blocks);
        Assert.Single(r.All<Call.end_page_writeback>());

        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal(["mapped", "uptodate"], r.Flags(1));
        Assert.Equal(["mapped", "uptodate"], r.Flags(2));
        Assert.Equal(["mapped", "uptodate"], r.Flags(3));
        Assert.Equal([(100L, 1, false), (101L, 1, false)], r.Disk());
    }

    /// <summary>
    /// L47 compares the buffer's start with len (block_start &gt;= len), so a buffer is written iff
    /// it starts below len: with 1K blocks, len 1024 writes only bh0 and len 1025 writes bh0, bh1.
    /// </summary>
    [Theory]
    [InlineData(1, new long[] { 100 })]
    [InlineData(1024, new long[] { 100 })]
    [InlineData(1025, new long[] { 100, 101 })]
    [InlineData(2048, new long[] { 100, 101 })]
    [InlineData(3073, new long[] { 100, 101, 102, 103 })]
    public void A_buffer_is_written_iff_it_starts_below_len(int len, long[] written)
    {
        var r = ExampleCase.Run("tail-zeroed.json", c => c with { Len = len });

        Assert.Equal(0, r.Return);
        Assert.Equal(written, Assert.Single(r.All<Call.submit_bio>()).Blocks);
        var zero = Assert.Single(r.All<Call.zero_user_segment>());
        Assert.Equal((len, 4096), (zero.From, zero.To));
        Assert.Equal(written.Length, r.All<Call.set_buffer_async_write>().Length);
        Assert.Equal(4 - written.Length, r.All<Call.set_buffer_uptodate>().Length);
    }
}
