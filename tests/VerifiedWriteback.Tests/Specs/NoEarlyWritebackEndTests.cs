namespace VerifiedWriteback.Tests.Specs;

/// <summary>NoEarlyWritebackEnd: writeback ends only after the writer finished submitting and no buffer is in flight.</summary>
public sealed class NoEarlyWritebackEndTests
{
    private const string Spec = "NoEarlyWritebackEnd";

    /// <summary>Page 1 of 4 x 1K buffers: bh0 on block 100, bh1 a hole, bh2 and bh3 on blocks 102-103.</summary>
    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, firstBh: 0, blockSize: 1024);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 1, block: 102, firstBh: 2, count: 2, blockSize: 1024);

    private static EventScript CleanHole(EventScript s) => s.clear_buffer_dirty(1, 1, 0, "dirty,uptodate", blockSize: 1024);

    /// <summary>
    /// H1, submit-as-you-mark (before 0058f9658c94): bh0 is marked and added at once; the hole then
    /// submits the open bio (seed L57-58), its completion finds no buffer of the page async and ends
    /// writeback, while the writer goes on with bh2. <paramref name="addBeforeMark"/> is the same bug
    /// with each buffer added to the bio before BH_Async_Write is set.
    /// </summary>
    private static EventScript SubmitAsYouMark(bool addBeforeMark)
    {
        var s = new EventScript().Enter(1)
            .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024);
        return CleanHole(s)
            .submit_bio(Bio1)
            .Complete(Bio1) // under_io == 0: bh2 and bh3 are not marked yet
            .If(addBeforeMark,
                x => x.io_submit_add_bh(1, 2, 102, bio: 2).Bug(),
                x => x.set_buffer_async_write(1, 2, 102).Bug());
    }

    /// <summary>The seed (0058f9658c94): every buffer is marked before the first is submitted, so the
    /// same completion, at the same point, counts bh2 and bh3 under I/O and leaves writeback alone.</summary>
    private static EventScript MarkAllFirst()
    {
        var s = new EventScript().Enter(1).set_buffer_async_write(1, 0, 100);
        return CleanHole(s)
            .set_buffer_async_write(1, 2, 102).set_buffer_async_write(1, 3, 103)
            .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
            .submit_bio(Bio1) // bh2's block is not io_next_block
            .Complete(Bio1, endsWriteback: false)
            .io_submit_add_bh(1, 2, 102, bio: 2).clear_buffer_dirty(1, 2, 102, blockSize: 1024)
            .io_submit_add_bh(1, 3, 103, bio: 2).clear_buffer_dirty(1, 3, 103, blockSize: 1024)
            .Leave(1)
            .submit_bio(Bio2)
            .Complete(Bio2);
    }

    [Theory]
    [InlineData(false, "set_buffer_async_write of bh2 follows")]
    [InlineData(true, "io_submit_add_bh of bh2 follows")]
    public void Fires_when_completion_ends_writeback_while_the_writer_still_submits(bool addBeforeMark, string rule) =>
        SpecRun.Fires(Spec, SubmitAsYouMark(addBeforeMark), "writeback of page 1 ended at event 13 while the writer was still submitting it (" + rule);

    [Fact]
    public void Silent_when_every_buffer_is_marked_before_the_first_is_submitted() =>
        SpecRun.Silent(Spec, MarkAllFirst());

    /// <summary>Page 1 of 2 x 2K buffers on blocks 100 and 300: two bios.</summary>
    private static readonly BioShape Left = BioShape.Of(1, page: 1, block: 100, firstBh: 0, blockSize: 2048);
    private static readonly BioShape Right = BioShape.Of(2, page: 1, block: 300, firstBh: 1, blockSize: 2048);

    /// <summary>
    /// An ext4_finish_bio that ends writeback when its own segment is done without counting the
    /// page's buffers outside the segment still under I/O (page-io.c:104-108 and :116 dropped): the
    /// first bio's completion ends writeback while bh1's bio is in flight.
    /// </summary>
    private static EventScript FirstOfTwoBiosCompletes(bool bug) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 300)
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
        .submit_bio(Left)
        .io_submit_add_bh(1, 1, 300, bio: 2).clear_buffer_dirty(1, 1, 300, blockSize: 2048)
        .Leave(1)
        .submit_bio(Right)
        .Complete(Left, endsWriteback: bug).If(bug, s => s.Bug())
        .Complete(Right, endsWriteback: !bug);

    [Fact]
    public void Fires_when_writeback_ends_while_another_buffer_of_the_page_is_in_flight() =>
        SpecRun.Fires(Spec, FirstOfTwoBiosCompletes(bug: true), "writeback of page 1 ended while buffer(s) 1 still had I/O in flight");

    [Fact]
    public void Silent_when_only_the_last_completion_ends_writeback() =>
        SpecRun.Silent(Spec, FirstOfTwoBiosCompletes(bug: false));
}
