using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// NoDirtyDataLost: dirty data is cleaned only after entering a bio (safety), a failed call
/// redirties (safety), and every cleaned version reaches disk or its loss is reported (liveness).
/// </summary>
public sealed class NoDirtyDataLostTests
{
    private const string Spec = "NoDirtyDataLost";

    private static readonly BioShape Bh0Bio = BioShape.Of(1, page: 1, block: 100, blockSize: 2048);

    /// <summary>
    /// H3 (before "Make ext4_bio_writepage() handle unprepared buffers"): page 1 of 2 x 2K buffers,
    /// bh0 mapped on block 100, bh1 dirty but <paramref name="unprepared"/> (delayed allocation or
    /// an unwritten extent). The seed's L52-59 skips bh1 and clears the dirty bit only of holes; H3
    /// clears it for every skipped buffer, and bh1's data is written nowhere.
    /// </summary>
    private static EventScript UnpreparedBuffer(string unprepared, bool clearsIt) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100)
        .If(clearsIt, s => s.clear_buffer_dirty(1, 1, 101, "dirty,mapped,uptodate," + unprepared, blockSize: 2048).Bug())
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
        .Leave(1)
        .submit_bio(Bh0Bio)
        .Complete(Bh0Bio);

    [Theory]
    [InlineData("delay")]
    [InlineData("unwritten")]
    public void Fires_when_an_unprepared_dirty_buffer_is_cleaned_without_IO(string unprepared) =>
        SpecRun.Fires(Spec, UnpreparedBuffer(unprepared, clearsIt: true),
            $"dirty buffer bh1 of page 1 [dirty,mapped,uptodate,{unprepared}] cleaned without its data entering a bio: the data is lost");

    [Theory]
    [InlineData("delay")]
    [InlineData("unwritten")]
    public void Silent_when_the_unprepared_buffer_keeps_its_dirty_bit(string unprepared) =>
        SpecRun.Silent(Spec, UnpreparedBuffer(unprepared, clearsIt: false));

    [Fact]
    public void Silent_when_only_a_hole_and_a_buffer_past_EOF_are_cleaned_without_IO() =>
        // Page 1 of 4 x 1K buffers, len 3000: bh1 is a hole (L55-56), bh3 starts past EOF (L47-48).
        SpecRun.Silent(Spec, new EventScript()
            .ext4_bio_write_page(1, len: 3000).set_page_writeback(1).ClearPageError(1)
            .zero_user_segment(1, 3000)
            .set_buffer_async_write(1, 0, 100)
            .clear_buffer_dirty(1, 1, 0, "dirty,uptodate", blockSize: 1024)
            .set_buffer_async_write(1, 2, 102)
            .clear_buffer_dirty(1, 3, 103, "dirty,mapped,uptodate", blockSize: 1024)
            .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
            .submit_bio(BioShape.Of(1, page: 1, block: 100, blockSize: 1024))
            .io_submit_add_bh(1, 2, 102, bio: 2).clear_buffer_dirty(1, 2, 102, blockSize: 1024)
            .Leave(1)
            .submit_bio(BioShape.Of(2, page: 1, block: 102, firstBh: 2, blockSize: 1024))
            .Complete(BioShape.Of(1, page: 1, block: 100, blockSize: 1024), endsWriteback: false)
            .Complete(BioShape.Of(2, page: 1, block: 102, firstBh: 2, blockSize: 1024)));

    /// <summary>
    /// clear_buffer_dirty moved before io_submit_add_bh (L111 above L100): when bio_alloc then
    /// fails, the error path redirties the page but the buffer is clean and its data went nowhere.
    /// Cleaning a marked buffer first is itself allowed (6.1.141 page-io.c L500-501 does it, and gives
    /// the dirty bit back on failure, L547): the loss shows when the call returns with that buffer
    /// neither in a bio nor dirty again.
    /// </summary>
    private static EventScript CleanBeforeAdd(bool bug) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100)
        .If(bug, s => s.clear_buffer_dirty(1, 0, 100))
        .io_submit_add_bh_fails(1, 0, 100)
        .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
        .unlock_page(1).end_page_writeback(1).ext4_bio_write_page_return(1, -12)
        .If(bug, s => s.Bug());

    [Fact]
    public void Fires_when_a_mapped_buffer_is_cleaned_before_it_entered_a_bio() =>
        SpecRun.Fires(Spec, CleanBeforeAdd(bug: true), "buffer bh0 of page 1 was cleaned when marked for I/O and neither entered a bio nor got its dirty bit back");

    [Fact]
    public void Silent_when_the_buffer_is_cleaned_only_after_io_submit_add_bh_succeeded() =>
        SpecRun.Silent(Spec, CleanBeforeAdd(bug: false));

    /// <summary>An error path without redirty_page_for_writepage (seed L120): after a failed call the page is not dirty anywhere.</summary>
    private static EventScript FailureRedirty(bool redirties) => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100)
        .io_submit_add_bh_fails(1, 0, 100)
        .If(redirties, s => s.redirty_page_for_writepage(1))
        .clear_buffer_async_write(1, 0, 100)
        .unlock_page(1).end_page_writeback(1)
        .ext4_bio_write_page_return(1, -12).Bug();

    [Fact]
    public void Fires_when_a_failed_call_does_not_redirty_the_page() =>
        SpecRun.Fires(Spec, FailureRedirty(redirties: false), "ext4_bio_write_page failed with -12 on page 1 without redirtying it");

    [Fact]
    public void Silent_when_the_failed_call_redirties_the_page() =>
        SpecRun.Silent(Spec, FailureRedirty(redirties: true));

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);

    private static EventScript WriteOneBuffer() => new EventScript()
        .Enter(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1);

    [Fact]
    public void Fires_liveness_when_the_bio_holding_cleaned_data_is_never_submitted() =>
        // A writeback pass that forgets ext4_io_submit at its end: the prepared bio never goes out.
        SpecRun.FiresLiveness(Spec, WriteOneBuffer(), "cleaned data neither on disk nor reported lost: page 1 bh0 v1@100");

    [Fact]
    public void Silent_when_the_bio_is_submitted_and_completes() =>
        SpecRun.Silent(Spec, WriteOneBuffer().submit_bio(Bio1).Complete(Bio1));

    /// <summary>
    /// The bio fails with -EIO and completion drops the error: no SetPageError, no
    /// mapping_set_error (page-io.c:92-95 and :322-333 missing), so the loss is silent.
    /// </summary>
    [Fact]
    public void Fires_liveness_when_an_IO_error_is_not_reported() =>
        SpecRun.FiresLiveness(Spec, WriteOneBuffer().submit_bio(Bio1)
                .On("completion0").bio_endio(Bio1, -Errno.EIO).ext4_end_bio(Bio1, -Errno.EIO).ext4_finish_bio(Bio1, -Errno.EIO)
                .clear_buffer_async_write(1, 0, 100).end_page_writeback(1),
            "cleaned data neither on disk nor reported lost: page 1 bh0 v1@100");

    [Fact]
    public void Silent_when_the_IO_error_is_reported_to_the_page_and_the_mapping() =>
        SpecRun.Silent(Spec, WriteOneBuffer().submit_bio(Bio1).Complete(Bio1, error: -Errno.EIO));

    [Fact]
    public void Silent_when_the_IO_error_is_reported_by_mapping_set_error_alone() =>
        SpecRun.Silent(Spec, WriteOneBuffer().submit_bio(Bio1)
            .On("completion0").bio_endio(Bio1, -Errno.EIO).ext4_end_bio(Bio1, -Errno.EIO).mapping_set_error(1)
            .ext4_finish_bio(Bio1, -Errno.EIO).clear_buffer_async_write(1, 0, 100).end_page_writeback(1));

    [Fact]
    public void Fires_liveness_when_the_disk_receives_garbage_instead_of_the_cleaned_version() =>
        // F4: the bounce page was freed before the device read it, so the block gets garbage
        // (version -1 in the model) although the bio "succeeded".
        SpecRun.FiresLiveness(Spec, WriteOneBuffer().submit_bio(Bio1).On("completion0").bio_endio(Bio1, 0, [-1]),
            "cleaned data neither on disk nor reported lost: page 1 bh0 v1@100");


    [Fact]
    public void Silent_when_a_cleaned_buffer_is_dirtied_again_before_its_write_completes() =>
        // mark_buffer_dirty (a new write(2) to the page) makes the buffer dirty again: its data is
        // not lost even though this bio never completes; the next writeback owes it.
        SpecRun.Silent(Spec, WriteOneBuffer().submit_bio(Bio1).mark_buffer_dirty(1, 0, 100));
}
