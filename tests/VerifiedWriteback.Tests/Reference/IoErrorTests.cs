using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// The extra fault site "io": the device completes the bio with -EIO. Case four-contiguous.json
/// with faults.io ["EIO"]: the writer's part is example (a) unchanged (it returns 0 before any
/// I/O completes); the error shows up only in completion.
///
/// Derivation (page-io.c of the seed's tree):
///   :322-332 ext4_end_bio sees bi_error: mapping_set_error(inode->i_mapping, -EIO).
///   :348-349 not UNWRITTEN: ext4_put_io_end_defer (release), then ext4_finish_bio.
///   :92-94   ext4_finish_bio: SetPageError(page) and AS_EIO on the mapping.
///   :110-112 each buffer of the segment: clear_buffer_async_write, then buffer_io_error.
///   :116-121 under_io 0: end_page_writeback, once.
/// Nothing reaches the disk; the buffers stay clean (cleared at L111 when submitted): the data is
/// not redirtied, the error is reported through PG_error and AS_EIO for fsync to return.
/// </summary>
public sealed class IoErrorTests
{
    [Fact]
    public void An_EIO_completion_reports_the_error_and_still_ends_writeback_once()
    {
        var r = ExampleCase.Run("four-contiguous.json", c => c with { IoFaults = [true] });

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "submit_bio bio1 [100,101,102,103] page",
            "ext4_put_io_end_defer ret=1",
            "bio_endio bio1 [100,101,102,103] page error=-5",
            "ext4_end_bio bio1 error=-5",
            "mapping_set_error error=-5",
            "ext4_put_io_end_defer ret=0",
            "ext4_release_io_end",
            "ext4_finish_bio bio1 error=-5",
            "SetPageError",
            "clear_buffer_async_write bh0",
            "buffer_io_error bh0 error=-5",
            "clear_buffer_async_write bh1",
            "buffer_io_error bh1 error=-5",
            "clear_buffer_async_write bh2",
            "buffer_io_error bh2 error=-5",
            "clear_buffer_async_write bh3",
            "buffer_io_error bh3 error=-5",
            "end_page_writeback",
        ], r.CompletionSteps());

        Assert.Equal((Writeback: false, Dirty: false, Error: true, Locked: false), r.PageFlags());
        Assert.True(r.Page.mapping!.AS_EIO);
        for (var bh = 0; bh < 4; bh++)
        {
            Assert.Equal(["mapped", "uptodate"], r.Flags(bh));
        }
        Assert.Empty(r.Disk());
    }
}
