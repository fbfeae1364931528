namespace VerifiedWriteback.Tests.Specs;

/// <summary>IoEndLifetime: an io_end is released, queued or converted only after its last reference (the pass's and every bio's) is gone.</summary>
public sealed class IoEndLifetimeTests
{
    private const string Spec = "IoEndLifetime";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, ioEnd: 1);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 2, block: 300, ioEnd: 1);

    /// <summary>One pass writes pages 1 and 2 into two bios (blocks 100 and 300) that share io_end 1.</summary>
    private static EventScript TwoBiosOneIoEnd(bool unwritten = false) => new EventScript()
        .ext4_writepages(1, unwritten: unwritten)
        .Enter(1).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1, unwritten: unwritten).clear_buffer_dirty(1, 0, 100).Leave(1)
        .Enter(2).set_buffer_async_write(2, 0, 300)
        .submit_bio(Bio1)
        .io_submit_add_bh(2, 0, 300, bio: 2, unwritten: unwritten).clear_buffer_dirty(2, 0, 300).Leave(2)
        .submit_bio(Bio2);

    /// <summary>
    /// The pass drops its reference, bio 1 completes (its end_io drops bio 1's). A put that
    /// releases on that reference (a bio that took none at io_submit_init_bio, page-io.c:388)
    /// frees the io_end while bio 2 still carries it; the kernel releases on bio 2's end_io.
    /// </summary>
    private static EventScript ReleaseAfter(bool early)
    {
        var s = TwoBiosOneIoEnd().ext4_put_io_end_defer(1, 2).ext4_writepages_return(1)
            .On("completion0").bio_endio(Bio1).ext4_end_bio(Bio1).ext4_put_io_end_defer(1, early ? 0 : 1);
        s = early ? s.ext4_release_io_end(1).Bug() : s;
        s = s.ext4_finish_bio(Bio1).clear_buffer_async_write(1, 0, 100).end_page_writeback(1)
            .bio_endio(Bio2).ext4_end_bio(Bio2).ext4_put_io_end_defer(1, 0);
        return early ? s : s.ext4_release_io_end(1).ext4_finish_bio(Bio2).clear_buffer_async_write(2, 0, 300).end_page_writeback(2);
    }

    [Fact]
    public void Fires_when_the_io_end_is_released_while_another_of_its_bios_is_in_flight() =>
        SpecRun.Fires(Spec, ReleaseAfter(early: true), "io_end#1 released while bio#2 carrying it had not completed", kind: "released-early");

    [Fact]
    public void Silent_when_the_io_end_is_released_on_its_last_bio() =>
        SpecRun.Silent(Spec, ReleaseAfter(early: false));

    /// <summary>
    /// UNWRITTEN io_end: both bios completed and parked, but the pass has not dropped its reference
    /// yet; queueing the conversion now (the pass's put forgotten in the count) converts while the
    /// pass could still add a bio. The kernel queues on the pass's put.
    /// </summary>
    private static EventScript QueueConversion(bool beforePassPut)
    {
        var s = TwoBiosOneIoEnd(unwritten: true)
            .On("completion0").bio_endio(Bio1).ext4_end_bio(Bio1).ext4_put_io_end_defer(1, 2)
            .bio_endio(Bio2).ext4_end_bio(Bio2).ext4_put_io_end_defer(1, 1);
        if (beforePassPut)
        {
            return s.ext4_add_complete_io(1).Bug();
        }
        return s.On(EventScript.Writer).ext4_put_io_end_defer(1, 0).ext4_add_complete_io(1).ext4_writepages_return(1)
            .On("kworker").ext4_convert_unwritten_extents(1).ext4_release_io_end(1);
    }

    [Fact]
    public void Fires_when_the_conversion_is_queued_while_the_pass_still_holds_its_reference() =>
        SpecRun.Fires(Spec, QueueConversion(beforePassPut: true), "io_end#1 queued for conversion while the writeback pass on writer0 still held its reference", kind: "queued-early");

    [Fact]
    public void Silent_when_the_conversion_is_queued_by_the_last_put() =>
        SpecRun.Silent(Spec, QueueConversion(beforePassPut: false));
}
