using VerifiedWriteback.Kernel;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// PageFlagContract: set/end_page_writeback, clear_page_dirty_for_io and redirty_page_for_writepage
/// change exactly their own page flag, as the flags each call found and left say (4.4.178
/// mm/page-writeback.c L2777, L2739, L2667, L2712/L2722, L2541; mm/filemap.c L844).
/// </summary>
public sealed class PageFlagContractTests
{
    private const string Spec = "PageFlagContract";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);

    /// <summary>A pass locks page 1 and clears its dirty bit for I/O (mpage_submit_page, fs/ext4/inode.c L1958).</summary>
    private static EventScript PassTakesPage(string clearedLeaves = "locked") => new EventScript()
        .ext4_writepages(1)
        .lock_page(1).clear_page_dirty_for_io(1, wasDirty: true).Flags("locked,dirty", clearedLeaves);

    /// <summary>ext4_bio_write_page puts page 1 under writeback, writes its one buffer and unlocks it.</summary>
    private static EventScript Writes(EventScript s, string startLeaves = "locked,writeback") => s
        .ext4_bio_write_page(1).set_page_writeback(1).Flags("locked", startLeaves).ClearPageError(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
        .Leave(1).submit_bio(Bio1).ext4_put_io_end_defer(1, 1).ext4_writepages_return(1);

    private static EventScript Completes(EventScript s, string before = "writeback", string after = "") => s
        .On("completion0").bio_endio(Bio1).ext4_end_bio(Bio1).ext4_finish_bio(Bio1).clear_buffer_async_write(1, 0, 100)
        .end_page_writeback(1).Flags(before, after);

    [Fact]
    public void Silent_on_a_correct_write_and_completion() =>
        SpecRun.Silent(Spec, Completes(Writes(PassTakesPage())));

    [Fact]
    public void Fires_when_set_page_writeback_leaves_PG_writeback_clear() =>
        SpecRun.Fires(Spec, PassTakesPage().ext4_bio_write_page(1).set_page_writeback(1).Flags("locked", "locked").Bug(),
            "set_page_writeback left PG_writeback of page 1 clear", kind: "writeback-not-set");

    [Fact]
    public void Fires_when_end_page_writeback_leaves_PG_writeback_set() =>
        SpecRun.Fires(Spec, Completes(Writes(PassTakesPage()), after: "writeback").Bug(),
            "end_page_writeback left PG_writeback of page 1 set", kind: "writeback-not-cleared");

    /// <summary>A write(2) holds the lock and dirtied the page again while the bio was in flight: end_page_writeback leaves both alone.</summary>
    [Fact]
    public void Silent_when_end_page_writeback_meets_a_page_locked_and_dirtied_again() =>
        SpecRun.Silent(Spec, Completes(Writes(PassTakesPage()).On("writer0").lock_page(1).mark_buffer_dirty(1, 0, 100),
            before: "locked,writeback,dirty", after: "locked,dirty"));

    [Fact]
    public void Fires_when_clear_page_dirty_for_io_leaves_PG_dirty_set() =>
        SpecRun.Fires(Spec, PassTakesPage(clearedLeaves: "locked,dirty").Bug(),
            "clear_page_dirty_for_io left PG_dirty of page 1 set", kind: "dirty-not-cleared");

    /// <summary>mm/page-writeback.c L2667: BUG_ON(!PageLocked). The pass must lock first (fs/ext4/inode.c L2434).</summary>
    [Fact]
    public void Fires_when_clear_page_dirty_for_io_runs_on_an_unlocked_page() =>
        SpecRun.Fires(Spec, new EventScript().ext4_writepages(1).clear_page_dirty_for_io(1, wasDirty: true).Flags("dirty", "").Bug(),
            "clear_page_dirty_for_io on page 1 while it is not locked", kind: "clear-dirty-unlocked");

    /// <summary>The error path redirties the page it gave up on (seed L120) while it still holds the lock and writeback.</summary>
    private static EventScript Redirties(string after) => PassTakesPage()
        .ext4_bio_write_page(1).set_page_writeback(1).Flags("locked", "locked,writeback").ClearPageError(1)
        .redirty_page_for_writepage(1).Flags("locked,writeback", after);

    [Fact]
    public void Fires_when_redirty_page_for_writepage_leaves_PG_dirty_clear() =>
        SpecRun.Fires(Spec, Redirties(after: "locked,writeback").Bug(),
            "redirty_page_for_writepage left PG_dirty of page 1 clear", kind: "dirty-not-set");

    [Fact]
    public void Silent_when_redirty_page_for_writepage_sets_PG_dirty() =>
        SpecRun.Silent(Spec, Redirties(after: "locked,writeback,dirty"));

    /// <summary>
    /// The jbd2 commit's ext4_writepage redirties the page (fs/ext4/inode.c L1914) and then starts
    /// writeback with keep_towrite (L1927): __test_set_page_writeback clears the DIRTY tag only if the
    /// page is clean (mm/page-writeback.c L2785-2788) and never PG_dirty itself.
    /// </summary>
    private static EventScript StartsKeepwriteOnDirtyPage(string after) => new EventScript()
        .lock_page(1).clear_page_dirty_for_io(1, wasDirty: true).Flags("locked,dirty", "locked")
        .redirty_page_for_writepage(1).Flags("locked", "locked,dirty")
        .ext4_bio_write_page(1, syncAll: true, keepTowrite: true, towrite: true)
        .set_page_writeback_keepwrite(1, towrite: true).Flags("locked,dirty", after);

    [Fact]
    public void Fires_when_set_page_writeback_also_clears_PG_dirty() =>
        SpecRun.Fires(Spec, StartsKeepwriteOnDirtyPage(after: "locked,writeback").Bug(),
            "set_page_writeback_keepwrite changed page 1's dirty", kind: "flag-side-effect");

    [Fact]
    public void Silent_when_set_page_writeback_keeps_PG_dirty() =>
        SpecRun.Silent(Spec, StartsKeepwriteOnDirtyPage(after: "locked,writeback,dirty"));

    /// <summary>
    /// The model records the flags on every flag-changing call (the spec judges only calls that do):
    /// here the example cases, run as `vwb run` runs them (three of the five calls; the other two,
    /// set_page_writeback_keepwrite and clear_page_dirty_for_io, fire the spec through the model in
    /// BrokenModelTests' start-writeback-dirty, clear-dirty-flag and clear-dirty-before-lock).
    /// </summary>
    [Fact]
    public void The_model_records_the_flags_of_every_flag_changing_call()
    {
        var calls = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json").Order(StringComparer.Ordinal)
            .SelectMany(f => CaseRunner.Run(WritePageCase.Parse(File.ReadAllText(f))).Events.OfType<PageFlagEvent>())
            .ToArray();
        Assert.All(calls, c => Assert.NotNull(c.Flags));
        Assert.Equal(
            ["end_page_writeback", "redirty_page_for_writepage", "set_page_writeback"],
            calls.Select(EventWire.Name).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>A hand-written stream that does not say what the flags were is not judged (the model always says).</summary>
    [Fact]
    public void Silent_on_calls_that_record_no_flags() =>
        SpecRun.Silent(Spec, new EventScript().clear_page_dirty_for_io(1, wasDirty: true).set_page_writeback(1).redirty_page_for_writepage(1).end_page_writeback(1));
}
