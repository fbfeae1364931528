namespace VerifiedWriteback.Tests.Specs;

/// <summary>WritebackEndsOnce: each set_page_writeback is matched by exactly one end_page_writeback.</summary>
public sealed class WritebackEndsOnceTests
{
    private const string Spec = "WritebackEndsOnce";

    /// <summary>Page 1 of 2 x 2K buffers on blocks 100 and 300: two bios.</summary>
    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, firstBh: 0, blockSize: 2048);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 1, block: 300, firstBh: 1, blockSize: 2048);

    private static EventScript WriteTwoBios() => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 300)
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
        .submit_bio(Bio1) // block 300 is not io_next_block: the open bio goes first (page-io.c:401-403)
        .io_submit_add_bh(1, 1, 300, bio: 2).clear_buffer_dirty(1, 1, 300, blockSize: 2048)
        .Leave(1)
        .submit_bio(Bio2); // end of the writeback pass

    /// <summary>
    /// H4: ext4_finish_bio without BH_Uptodate_Lock. Both bios of the page complete on two CPUs at
    /// once; each clears its own buffer, then counts the other's as no longer under I/O, and both
    /// end writeback. With the lock, the first to count still sees the other buffer async.
    /// </summary>
    private static EventScript TwoCompletionsRace(bool bug) => WriteTwoBios()
        .On("completion0").bio_endio(Bio1).ext4_end_bio(Bio1).ext4_finish_bio(Bio1)
        .On("completion1").bio_endio(Bio2).ext4_end_bio(Bio2).ext4_finish_bio(Bio2)
        .On("completion0").clear_buffer_async_write(1, 0, 100)
        .On("completion1").clear_buffer_async_write(1, 1, 300)
        .If(bug, s => s.On("completion0").end_page_writeback(1))
        .On("completion1").end_page_writeback(1).Bug();

    [Fact]
    public void Fires_when_two_unlocked_completions_both_end_writeback() =>
        SpecRun.Fires(Spec, TwoCompletionsRace(bug: true), "end_page_writeback on page 1 whose writeback already ended");

    [Fact]
    public void Silent_when_the_uptodate_lock_lets_only_the_last_completion_end_it() =>
        SpecRun.Silent(Spec, TwoCompletionsRace(bug: false));

    /// <summary>
    /// A second writeback of the page while the first is in flight: a data-integrity pass that
    /// skips wait_on_page_writeback (the seed's L18 BUG_ON exists to catch this). The fix waits
    /// until the first bio's completion ended writeback.
    /// </summary>
    private static EventScript RewriteWithoutWaiting(bool bug) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1)
        .submit_bio(BioShape.Of(1, page: 1, block: 100))
        .lock_page(1)
        .If(!bug, s => s.Complete(BioShape.Of(1, page: 1, block: 100))) // wait_on_page_writeback returns after this
        .ext4_bio_write_page(1, syncAll: true, writeback: bug)
        .set_page_writeback(1).Bug();

    [Fact]
    public void Fires_when_a_page_enters_writeback_again_before_its_writeback_ended() =>
        SpecRun.Fires(Spec, RewriteWithoutWaiting(bug: true), "page 1 set under writeback while its previous writeback had not ended");

    [Fact]
    public void Silent_when_the_second_writeback_waits_for_the_first_to_end() =>
        SpecRun.Silent(Spec, RewriteWithoutWaiting(bug: false));
}
