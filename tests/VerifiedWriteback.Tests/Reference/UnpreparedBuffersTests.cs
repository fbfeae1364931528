using VerifiedWriteback.Kernel;
namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Example (d): delayed-allocation and unwritten buffers are left alone: not marked, not
/// submitted, still dirty, their other bits untouched.
///
/// Derivation from the seed, case delay-unwritten-skipped.json (1K blocks; bh0 dirty+mapped at
/// 100; bh1 dirty+mapped+new+delay; bh2 dirty+mapped+unwritten; bh3 dirty+mapped at 103):
///   L45-67  bh0: L65 set_buffer_async_write. bh1: L52 true (buffer_delay); L55 it is mapped, so
///           its dirty bit stays; L57 no bio open; L59 continue, so L61-63 never run and BH_New
///           stays. bh2: L53 true (buffer_unwritten); same path. bh3: L65 set_buffer_async_write.
///   L97-112 bh0 opens bio 1 (100); bh1, bh2 not async: L98-99 skip; bh3 (103) != io_next_block
///           101, so bio 1 is submitted and bio 2 opened for 103. Returns 0, nr_submitted 2.
/// No kernel call touches bh1 or bh2. The function does not redirty the page for them: its
/// callers map such buffers before calling it (ext4_writepages), here they simply stay dirty.
/// Completion: bio 1 leaves bh3 async (no end); bio 2 ends writeback once.
/// </summary>
public sealed class UnpreparedBuffersTests
{
    [Fact]
    public void Delay_and_unwritten_buffers_stay_dirty_and_are_not_submitted()
    {
        var r = ExampleCase.Run("delay-unwritten-skipped.json");

        Assert.Null(r.Bug);
        Assert.Equal(0, r.Return);
        Assert.Equal(
        [
            "ext4_bio_write_page",
            "set_page_writeback",
            "ClearPageError",
            "set_buffer_async_write bh0",
            "set_buffer_async_write bh3",
            "io_submit_add_bh bh0 bio1 page",
            "clear_buffer_dirty bh0",
            "submit_bio bio1 [100] page",
            "io_submit_add_bh bh3 bio2 page",
            "clear_buffer_dirty bh3",
            "unlock_page",
            "ext4_bio_write_page_return ret=0",
        ], r.WriterSteps());
        Assert.DoesNotContain(r.Events, e => e is BufferEvent { Bh: 1 or 2 } b && b.Page == r.Page.Id);

        Assert.Equal(["mapped", "uptodate"], r.Flags(0));
        Assert.Equal(["dirty", "mapped", "uptodate", "new", "delay"], r.Flags(1));
        Assert.Equal(["dirty", "mapped", "uptodate", "unwritten"], r.Flags(2));
        Assert.Equal(["mapped", "uptodate"], r.Flags(3));
        Assert.Equal((Writeback: false, Dirty: false, Error: false, Locked: false), r.PageFlags());
        Assert.Single(r.All<Call.end_page_writeback>());
        Assert.Equal(0, r.Wbc.pages_skipped);
        Assert.Equal([(100L, 1, false), (103L, 1, false)], r.Disk());
    }

    /// <summary>
    /// Contrast, variant h3 (before "Make ext4_bio_writepage() handle unprepared buffers"): the
    /// L55 test is gone and L56 clears the dirty bit of every skipped buffer, so bh1's and bh2's
    /// data is neither on disk nor dirty any more. The seed test above would fail on this variant.
    /// </summary>
    [Fact]
    public void Variant_h3_drops_their_dirty_bits()
    {
        var r = ExampleCase.Run("delay-unwritten-skipped.json", c => c with { Variant = "h3" });

        Assert.Equal(["clear_buffer_dirty bh1", "clear_buffer_dirty bh2"],
            r.WriterSteps().Where(s => s is "clear_buffer_dirty bh1" or "clear_buffer_dirty bh2"));
        Assert.Equal(["mapped", "uptodate", "new", "delay"], r.Flags(1));
        Assert.Equal(["mapped", "uptodate", "unwritten"], r.Flags(2));
        Assert.Equal([100L, 103L], r.Disk().Select(d => d.Block));
    }

    /// <summary>
    /// A dirty, mapped, NEW buffer (bh1 without delay) is written: L61-63 clear_buffer_new and
    /// unmap_underlying_metadata run before L65 marks it. It continues bh0's block, so bio 1 is
    /// [100,101]; bh3 (103) opens bio 2.
    /// </summary>
    [Fact]
    public void A_new_buffer_without_delay_is_unmapped_from_metadata_then_written()
    {
        var r = ExampleCase.Run("delay-unwritten-skipped.json",
            c => c with { Buffers = c.Buffers.Select((b, i) => i == 1 ? b with { Delay = false } : b).ToArray() });

        var steps = r.WriterSteps();
        var i = Array.IndexOf(steps, "clear_buffer_new bh1");
        Assert.True(i > 0, string.Join('\n', steps));
        Assert.Equal(["clear_buffer_new bh1", "unmap_underlying_metadata bh1", "set_buffer_async_write bh1"], steps[i..(i + 3)]);
        Assert.Equal([[100L, 101L], [103L]], r.All<Call.submit_bio>().Select(e => e.Blocks.ToArray()));
        Assert.Equal(["mapped", "uptodate"], r.Flags(1));
    }
}
