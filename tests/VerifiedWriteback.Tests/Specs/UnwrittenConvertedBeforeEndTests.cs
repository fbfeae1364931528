namespace VerifiedWriteback.Tests.Specs;

/// <summary>UnwrittenConvertedBeforeEnd: with unwritten extents, writeback ends only after the extents were converted.</summary>
public sealed class UnwrittenConvertedBeforeEndTests
{
    private const string Spec = "UnwrittenConvertedBeforeEnd";

    /// <summary>One page written into an unwritten extent: its io_end (<paramref name="ioEnd"/>) is UNWRITTEN.</summary>
    private static EventScript WriteUnwritten(EventScript s, int page, long block, int bio, int ioEnd) => s
        .Enter(page)
        .set_buffer_async_write(page, 0, block)
        .io_submit_add_bh(page, 0, block, bio: bio, ioEnd: ioEnd, unwritten: true).clear_buffer_dirty(page, 0, block)
        .Leave(page)
        .submit_bio(BioShape.Of(bio, page, block, ioEnd: ioEnd));

    /// <summary>The completion of a bio whose io_end is UNWRITTEN: ext4_end_bio parks it (page-io.c:335-342).</summary>
    private static EventScript Park(EventScript s, BioShape bio) => s
        .On("completion0").bio_endio(bio).ext4_end_bio(bio).On(EventScript.Writer);

    /// <summary>ext4_finish_bio of a parked bio, run by the conversion worker after ext4_end_io.</summary>
    private static EventScript Finish(EventScript s, BioShape bio, int page, long block) => s
        .On("kworker").ext4_finish_bio(bio).clear_buffer_async_write(page, 0, block).end_page_writeback(page).On(EventScript.Writer);

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, ioEnd: 1);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 2, block: 200, ioEnd: 2);

    /// <summary>
    /// An ext4_end_bio that loses the UNWRITTEN check (page-io.c:335) and finishes the bio at once:
    /// the page leaves writeback while the extent still reads as unwritten (zeroes). The fix parks
    /// the bio until the conversion worker has converted the extent.
    /// </summary>
    private static EventScript EndBeforeConversion(bool bug)
    {
        var s = WriteUnwritten(new EventScript(), page: 1, block: 100, bio: 1, ioEnd: 1);
        return bug
            ? s.On("completion0").bio_endio(Bio1).ext4_end_bio(Bio1).ext4_finish_bio(Bio1)
                .clear_buffer_async_write(1, 0, 100).end_page_writeback(1).Bug()
                .On("kworker").ext4_convert_unwritten_extents(1)
            : Finish(Park(s, Bio1).On("kworker").ext4_convert_unwritten_extents(1), Bio1, page: 1, block: 100);
    }

    [Fact]
    public void Fires_when_the_bio_is_finished_before_its_extents_are_converted() =>
        SpecRun.Fires(Spec, EndBeforeConversion(bug: true), "writeback of page 1 ended before io_end#1 converted its unwritten extents");

    [Fact]
    public void Silent_when_the_bio_waits_for_conversion() =>
        SpecRun.Silent(Spec, EndBeforeConversion(bug: false));

    /// <summary>
    /// Two passes, two UNWRITTEN io_ends (page 1 in io_end 1, page 2 in io_end 2), both queued on
    /// the inode's conversion list. A conversion worker that converts only the first io_end and
    /// then finishes every parked bio lets page 2 leave writeback unconverted.
    /// </summary>
    private static EventScript ConversionWorkerSkipsAnIoEnd(bool bug)
    {
        var s = WriteUnwritten(new EventScript(), page: 1, block: 100, bio: 1, ioEnd: 1);
        s = WriteUnwritten(s, page: 2, block: 200, bio: 2, ioEnd: 2);
        s = Park(Park(s, Bio1), Bio2).On("kworker").ext4_convert_unwritten_extents(1).If(!bug, x => x.ext4_convert_unwritten_extents(2));
        s = Finish(Finish(s, Bio1, page: 1, block: 100), Bio2, page: 2, block: 200);
        return bug ? s.Bug() : s;
    }

    [Fact]
    public void Fires_when_a_page_ends_writeback_after_only_another_io_end_was_converted() =>
        SpecRun.Fires(Spec, ConversionWorkerSkipsAnIoEnd(bug: true), "writeback of page 2 ended before io_end#2 converted its unwritten extents");

    [Fact]
    public void Silent_when_every_io_end_is_converted_before_its_bios_finish() =>
        SpecRun.Silent(Spec, ConversionWorkerSkipsAnIoEnd(bug: false));
}
