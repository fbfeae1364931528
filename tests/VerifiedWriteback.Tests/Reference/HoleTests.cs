using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (c): a hole (an unmapped buffer) between written buffers.
///
/// Derivation from the seed, case hole-two-bios.json (1K blocks; bh0 at block 100, bh1 a dirty
/// hole, bh2 and bh3 at blocks 102 and 103, the block after the hole's position left unallocated):
///   L45-67  bh0: L65 set_buffer_async_write. bh1: L52 true (!buffer_mapped); L55-56 a hole, so
///           clear_buffer_dirty; L57 no bio is open yet (bios are built only in the second loop),
///           so nothing is submitted; L59 continue. bh2, bh3: L65 set_buffer_async_write.
///   L97-112 bh0 opens bio 1 (io_next_block 100 -> 101). bh1 is not async: L98-99 skip. bh2 has
///           block 102 != io_next_block 101, so io_submit_add_bh submits bio 1 first
///           (page-io.c:401-403) and opens bio 2; bh3 (103) joins bio 2. nr_submitted = 3. Returns 0.
/// End of pass: submit bio 2 = [102,103]. Completion of bio 1 clears bh0 but counts bh2, bh3 still
/// async (under_io 2): no end. Completion of bio 2 clears them, under_io 0: end_page_writeback,
/// once. What splits the bio here is the block discontinuity checked at page-io.c:401, not the
/// hole's L57-58 (see the two other tests).
/// </summary>
public sealed class HoleTests
{
    [Fact]
    public void A_hole_between_buffers_gives_two_bios_and_one_writeback_end()
    {
        var r = ExampleCase.Run("hole-two-bios.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "clear_buffer_dirty bh1",
            "set_buffer_async_write bh2",
            "set_buffer_async_write bh3",
            "io_submit_add_bh bh0 bio1 page",
            "clear_buffer_dirty bh0",
            "submit_bio bio1 [100] page",
            "io_submit_add_bh bh2 bio2 page",
            "clear_buffer_dirty bh2",
            "io_submit_add_bh bh3 bio2 page",
            "clear_buffer_dirty bh3",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Equal(
        [
            "submit_bio bio2 [102,103] page",
            "ext4_put_io_end_defer ret=2",
            "bio_endio bio1 [100] page",
            "ext4_end_bio bio1",
            "ext4_put_io_end_defer ret=1",
            "ext4_finish_bio bio1",
            "clear_buffer_async_write bh0",
            "bio_endio bio2 [102,103] page",
            "ext4_end_bio bio2",
            "ext4_put_io_end_defer ret=0",
            "ext4_release_io_end",
            "ext4_finish_bio bio2",
            "clear_buffer_async_write bh2",
            "clear_buffer_async_write bh3",
            "end_page_writeback",
        ], r.CompletionSteps());

        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal(["uptodate"], r.Flags(1));
        Assert.Equal(["mapped", "uptodate"], r.Flags(2));
        Assert.Equal(["mapped", "uptodate"], r.Flags(3));
        Assert.Equal([(100L, 1, false), (102L, 1, false), (103L, 1, false)], r.Disk());
    }

    /// <summary>
    /// Same page, but bh2 and bh3 at blocks 101 and 102, continuing bh0's block: page-io.c:401 sees
    /// block == io_next_block and bh2 joins bio 1 as a second segment (bio_add_page cannot merge it
    /// with bh0's, the page offsets 1024..2048 lie between). One bio; ext4_finish_bio walks the two
    /// segments, the first leaves under_io = 2 (bh2, bh3), the second ends writeback.
    /// </summary>
    [Fact]
    public void With_contiguous_blocks_around_the_hole_one_bio_carries_two_segments()
    {
        var r = ExampleCase.Run("hole-two-bios.json",
            c => c with { Buffers = c.Buffers.Select((b, i) => i >= 2 ? b with { Block = b.Block - 1 } : b).ToArray() });

        Assert.Equal(0, r.Return);
        var bio = Assert.Single(r.All<Call.submit_bio>());
        Assert.Equal([100L, 101L, 102L], bio.Blocks);
        Assert.Equal([(0, 1024, 100L), (2048, 2048, 101L)], bio.Segments!.Select(s => (s.Offset, s.Length, s.Block)));
        Assert.Single(r.All<Call.end_page_writeback>());
        Assert.Equal([(100L, 1, false), (101L, 1, false), (102L, 1, false)], r.Disk());
    }

    /// <summary>
    /// Case hole-submits-open-bio.json: as above, but a bio of the previous page (blocks 96..99,
    /// bio 1) is still open in io, io_next_block 100. The hole's L57-58 now fires in the FIRST loop:
    /// ext4_io_submit sends bio 1 before bh2 is even marked. So bh0, whose block 100 continues
    /// bio 1, cannot join it and opens bio 2; bh2 (102) then opens bio 3. Three bios where two
    /// would do. Completion: bio 1 ends the previous page's writeback, bio 2 leaves under_io = 2,
    /// bio 3 ends this page's writeback.
    /// </summary>
    [Fact]
    public void A_hole_submits_the_bio_left_open_by_the_previous_page()
    {
        var r = ExampleCase.Run("hole-submits-open-bio.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "clear_buffer_dirty bh1",
            "submit_bio bio1 [96,97,98,99] page",
            "set_buffer_async_write bh2",
            "set_buffer_async_write bh3",
            "io_submit_add_bh bh0 bio2 page",
            "clear_buffer_dirty bh0",
            "submit_bio bio2 [100] page",
            "io_submit_add_bh bh2 bio3 page",
            "clear_buffer_dirty bh2",
            "io_submit_add_bh bh3 bio3 page",
            "clear_buffer_dirty bh3",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.Equal([0, 1], r.All<Call.end_page_writeback>().Select(e => e.Page));
        Assert.Equal([1, 2, 3], r.All<Call.bio_endio>().Select(e => e.Bio));
        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Equal([96L, 97L, 98L, 99L, 100L, 102L, 103L], r.Disk().Select(d => d.Block));
    }
}
