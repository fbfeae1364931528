using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>BioContiguity: each bio covers contiguous blocks in order; each segment carries the buffers added to it, at their b_blocknr.</summary>
public sealed class BioContiguityTests
{
    private const string Spec = "BioContiguity";

    /// <summary>
    /// io_submit_add_bh without its io_next_block check (page-io.c:401-403 dropped): bh1 of page 1
    /// (2 x 2K buffers, b_blocknr 100 and 200) goes into the open bio, so its data lands on block
    /// 101. The fix submits the open bio first and starts a new one at block 200.
    /// </summary>
    private static EventScript DiscontiguousBuffers(bool bug)
    {
        var s = new EventScript().Enter(1)
            .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 200)
            .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048);
        return bug
            ? s.io_submit_add_bh(1, 1, 200, bio: 1).clear_buffer_dirty(1, 1, 200, blockSize: 2048)
                .Leave(1)
                .submit_bio(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 2048)).Bug()
            : s.submit_bio(BioShape.Of(1, page: 1, block: 100, blockSize: 2048))
                .io_submit_add_bh(1, 1, 200, bio: 2).clear_buffer_dirty(1, 1, 200, blockSize: 2048)
                .Leave(1)
                .submit_bio(BioShape.Of(2, page: 1, block: 200, firstBh: 1, blockSize: 2048));
    }

    [Fact]
    public void Fires_when_a_buffer_is_added_to_a_bio_that_does_not_end_just_before_its_block() =>
        SpecRun.Fires(Spec, DiscontiguousBuffers(bug: true), "bio#1 writes page 1 bh1 (b_blocknr 200) to block 101");

    [Fact]
    public void Silent_when_the_open_bio_is_submitted_first() =>
        SpecRun.Silent(Spec, DiscontiguousBuffers(bug: false));

    /// <summary>
    /// Page 1 of 2 x 2K buffers on blocks 100-101 and a bio that holds one page only: when bh1 does
    /// not fit, io_submit_add_bh submits the full bio and opens bio#2 for bh1 (page-io.c:412
    /// submit_and_retry). A version that keeps using the old bio pointer for bio_add_page (and does
    /// not submit it yet) records bh1 in bio#2 while bio#1 carries it to disk.
    /// </summary>
    private static EventScript FullBio(bool addsToStaleBio) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 101)
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
        .If(!addsToStaleBio, s => s.submit_bio(BioShape.Of(1, page: 1, block: 100, blockSize: 2048), maxVecs: 1))
        .io_submit_add_bh(1, 1, 101, bio: 2).If(addsToStaleBio, s => s.Bug()).clear_buffer_dirty(1, 1, 101, blockSize: 2048)
        .Leave(1)
        .If(addsToStaleBio,
            s => s.submit_bio(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 2048), maxVecs: 1),
            s => s.submit_bio(BioShape.Of(2, page: 1, block: 101, firstBh: 1, blockSize: 2048), maxVecs: 1));

    [Fact]
    public void Fires_when_a_buffer_lands_in_another_bio_than_the_one_it_was_added_to() =>
        SpecRun.Fires(Spec, FullBio(addsToStaleBio: true), "bh1 of page 1 started bio#2 while the writer's bio#1 was still open and unsubmitted");

    [Fact]
    public void Silent_when_each_buffer_is_submitted_in_the_bio_it_was_added_to() =>
        SpecRun.Silent(Spec, FullBio(addsToStaleBio: false));

    /// <summary>
    /// Page 1 of 4 x 1K buffers: bh0 on block 100, bh1 a hole, bh2 on block 101 (the extent goes on
    /// after the hole). The seed puts bh0 and bh2 in one bio as two segments, blocks 100-101.
    /// </summary>
    private static EventScript AroundAHole(BioShape submitted) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100)
        .clear_buffer_dirty(1, 1, 0, "dirty,uptodate", blockSize: 1024)
        .set_buffer_async_write(1, 2, 101)
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
        .io_submit_add_bh(1, 2, 101, bio: 1).clear_buffer_dirty(1, 2, 101, blockSize: 1024)
        .Leave(1)
        .submit_bio(submitted).Bug();

    private static readonly BioShape TwoSegments = new(1,
        [new SegmentInfo(1, 0, 1024, 100, false), new SegmentInfo(1, 2048, 1024, 101, false)], [100, 101]);

    [Fact]
    public void Fires_when_bio_add_page_merges_a_range_that_does_not_continue_the_last_segment() =>
        // A bio_add_page that extends the last segment although bh2 does not start where bh0 ends:
        // one 2K segment, so the hole bh1 is written to block 101 and bh2 not at all.
        SpecRun.Fires(Spec, AroundAHole(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 1024)),
            "bio#1 carries page 1 bh1 that io_submit_add_bh never added to it");

    [Fact]
    public void Fires_when_the_blocks_of_a_bio_jump() =>
        // A bio recorded with blocks 100 and 102: one request spanning two extents, as a block layer
        // that merged non-adjacent requests would send it.
        SpecRun.Fires(Spec, AroundAHole(new BioShape(1,
                [new SegmentInfo(1, 0, 1024, 100, false), new SegmentInfo(1, 2048, 1024, 102, false)], [100, 102])),
            "bio#1 blocks not contiguous: 100 then 102");

    [Fact]
    public void Silent_when_two_segments_of_one_page_land_on_consecutive_blocks() =>
        SpecRun.Silent(Spec, AroundAHole(TwoSegments));

    /// <summary>
    /// A pass end that submits the bio io_submit_init_bio allocated for a buffer which then never
    /// made it in (the first bio_add_page refused): an empty bio goes to the device.
    /// </summary>
    private static EventScript PassEnd(bool submitsEmptyBio) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1)
        .submit_bio(BioShape.Of(1, page: 1, block: 100))
        .If(submitsEmptyBio, s => s.submit_bio(new BioShape(2, [], [])).Bug());

    [Fact]
    public void Fires_when_an_empty_bio_is_submitted() =>
        SpecRun.Fires(Spec, PassEnd(submitsEmptyBio: true), "bio#2 submitted empty");

    [Fact]
    public void Silent_when_only_filled_bios_are_submitted() =>
        SpecRun.Silent(Spec, PassEnd(submitsEmptyBio: false));

    /// <summary>
    /// Page 1 of 2 x 2K buffers on blocks 100 and 101. io_submit_add_bh adds bh1 to the open bio
    /// (page-io.c:401: it is at io_next_block). A version that submits the bio between the two
    /// (as if the blocks were discontiguous) splits one request in two; a full bio (page-io.c:411-412)
    /// is the one reason to do so here.
    /// </summary>
    private static EventScript ContiguousPair(bool full)
    {
        var s = new EventScript().Enter(1, blockSize: 2048)
            .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 101)
            .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
            .submit_bio(BioShape.Of(1, page: 1, block: 100, blockSize: 2048), maxVecs: full ? 1 : 256)
            .io_submit_add_bh(1, 1, 101, bio: 2);
        return (full ? s : s.Bug()).clear_buffer_dirty(1, 1, 101, blockSize: 2048).Leave(1)
            .submit_bio(BioShape.Of(2, page: 1, block: 101, firstBh: 1, blockSize: 2048));
    }

    [Fact]
    public void Fires_when_adjacent_contiguous_buffers_are_split_across_bios() =>
        SpecRun.Fires(Spec, ContiguousPair(full: false), "bh1 of page 1 at block 101 follows block 100 of bio#1 but went into a new bio#2", kind: "contiguous-split");

    [Fact]
    public void Silent_when_the_bio_was_full() =>
        SpecRun.Silent(Spec, ContiguousPair(full: true));

    /// <summary>
    /// Page 1 (one 4K buffer, block 100) leaves bio 1 open; page 2's first loop meets bh1, a hole
    /// (unmapped), and must submit bio 1 (seed L57-58) before going on.
    /// </summary>
    private static EventScript HoleAfterOpenBio(bool submitsAtHole)
    {
        var s = new EventScript()
            .Enter(1).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100).Leave(1)
            .Enter(2, blockSize: 1024).set_buffer_async_write(2, 0, 200)
            .clear_buffer_dirty(2, 1, 0, "dirty,uptodate", blockSize: 1024)
            .If(submitsAtHole, x => x.submit_bio(BioShape.Of(1, page: 1, block: 100)))
            .set_buffer_async_write(2, 2, 202).set_buffer_async_write(2, 3, 203)
            .io_submit_add_bh(2, 0, 200, bio: submitsAtHole ? 2 : 1).If(!submitsAtHole, x => x.Bug()).clear_buffer_dirty(2, 0, 200, blockSize: 1024)
            .unlock_page(2).ext4_bio_write_page_return(2);
        return s;
    }

    [Fact]
    public void Fires_when_an_unprepared_buffer_leaves_the_open_bio_open() =>
        SpecRun.Fires(Spec, HoleAfterOpenBio(submitsAtHole: false), "bh0 of page 2 joined bio#1, left open by an earlier page although the first loop met unprepared bh1", kind: "open-bio-across-unprepared");

    [Fact]
    public void Silent_when_the_unprepared_buffer_submits_the_open_bio() =>
        SpecRun.Silent(Spec, HoleAfterOpenBio(submitsAtHole: true));
}
