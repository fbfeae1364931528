namespace VerifiedWriteback.Tests.Specs;

/// <summary>WritebackEventuallyEnds (liveness): every page that enters writeback eventually leaves it.</summary>
public sealed class WritebackEventuallyEndsTests
{
    private const string Spec = "WritebackEventuallyEnds";

    /// <summary>
    /// H2 (before a54aa7610861): after an encryption failure the writer redirties, unlocks and
    /// returns, but nothing was submitted and nobody else will end writeback. The fix reaches the
    /// writer's own end_page_writeback (seed L128-129).
    /// </summary>
    private static EventScript EncryptionFailure(bool endsWriteback) => new EventScript()
        .Enter(1, encryption: "software")
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt_fails(1)
        .redirty_page_for_writepage(1)
        .If(endsWriteback, s => s.clear_buffer_async_write(1, 0, 100))
        .unlock_page(1)
        .If(endsWriteback, s => s.end_page_writeback(1))
        .ext4_bio_write_page_return(1, -12);

    [Fact]
    public void Fires_liveness_when_the_writer_returns_after_a_failure_without_ending_writeback() =>
        SpecRun.FiresLiveness(Spec, EncryptionFailure(endsWriteback: false), "page(s) 1 still under writeback");

    [Fact]
    public void Silent_when_the_writer_ends_writeback_itself_after_the_failure() =>
        SpecRun.Silent(Spec, EncryptionFailure(endsWriteback: true));

    private static readonly BioShape First = BioShape.Of(1, page: 1, block: 100, blockSize: 1024);

    /// <summary>
    /// F3 (adversarial bio_alloc): page 1 of 4 x 1K buffers on blocks 100, 200, 201, 202. bh0's bio
    /// is submitted when bh1 is not contiguous, then bio_alloc fails for bh1. If the completion of
    /// the first bio runs before the error path clears BH_Async_Write of bh1-bh3 (without the
    /// BH_Uptodate_Lock), it counts them under I/O and leaves writeback; the writer submitted one
    /// buffer and leaves it too. In the other order the completion ends writeback.
    /// </summary>
    private static EventScript BioAllocFailsOnSecondBuffer(bool completionFirst)
    {
        var s = new EventScript()
            .Enter(1)
            .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 200)
            .set_buffer_async_write(1, 2, 201).set_buffer_async_write(1, 3, 202)
            .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
            .submit_bio(First)
            .io_submit_add_bh_fails(1, 1, 200);
        EventScript ErrorPath(EventScript x) => x
            .redirty_page_for_writepage(1)
            .clear_buffer_async_write(1, 1, 200).clear_buffer_async_write(1, 2, 201).clear_buffer_async_write(1, 3, 202)
            .Leave(1, ret: -12); // nr_submitted is 1: the writer does not end writeback
        return completionFirst
            ? ErrorPath(s.Complete(First, endsWriteback: false))
            : ErrorPath(s).Complete(First);
    }

    [Fact]
    public void Fires_liveness_when_the_first_bio_completes_before_the_error_path_clears_the_rest() =>
        SpecRun.FiresLiveness(Spec, BioAllocFailsOnSecondBuffer(completionFirst: true), "page(s) 1 still under writeback");

    [Fact]
    public void Silent_when_the_first_bio_completes_after_the_error_path() =>
        SpecRun.Silent(Spec, BioAllocFailsOnSecondBuffer(completionFirst: false));

    /// <summary>
    /// Pages 1 and 2 in one bio (blocks 100-101). An ext4_finish_bio that stops after its first
    /// segment ends writeback of page 1 only; page 2 hangs. The spec stays hot while any page owes.
    /// </summary>
    private static EventScript TwoPagesOneBio(bool endsBoth)
    {
        var bio = new BioShape(1, [new(1, 0, 4096, 100, false), new(2, 0, 4096, 101, false)], [100, 101]);
        return new EventScript()
            .Enter(1).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100).Leave(1)
            .Enter(2).set_buffer_async_write(2, 0, 101).io_submit_add_bh(2, 0, 101, bio: 1).clear_buffer_dirty(2, 0, 101).Leave(2)
            .submit_bio(bio)
            .On("completion0").bio_endio(bio).ext4_end_bio(bio).ext4_finish_bio(bio)
            .clear_buffer_async_write(1, 0, 100).end_page_writeback(1)
            .If(endsBoth, s => s.clear_buffer_async_write(2, 0, 101).end_page_writeback(2));
    }

    [Fact]
    public void Fires_liveness_when_one_of_two_pages_never_leaves_writeback() =>
        SpecRun.FiresLiveness(Spec, TwoPagesOneBio(endsBoth: false), "page(s) 2 still under writeback");

    [Fact]
    public void Silent_when_the_completion_ends_every_page_of_the_bio() =>
        SpecRun.Silent(Spec, TwoPagesOneBio(endsBoth: true));
}
