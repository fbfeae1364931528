using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// Every spec over the real event streams of the example cases (examples/*.json), run
/// sequentially by the same <see cref="CaseRunner"/> as `vwb run`, checked with each spec's plain
/// logic. Correct runs must leave every spec silent; runs that are buggy on purpose must be named by
/// exactly the specs their bug violates.
/// </summary>
public sealed class ExampleStreamTests
{
    /// <summary>
    /// The specs an example is expected to trip under its own variant; every example not listed
    /// (and every example added later) must leave all specs silent.
    /// </summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        // F1: the seed's missing minus; WB_SYNC_ALL fails with -ENOMEM.
        ["encrypt-enomem-sync-seed.json"] = ["SyncIntegrity"],
        // completeBios false: the run stops with the bio in flight, so the liveness specs still owe
        // (end of writeback, data on disk); nothing else may fire.
        ["four-contiguous-in-flight.json"] = ["WritebackEventuallyEnds", "NoDirtyDataLost"],
    };

    /// <summary>Historical bugs run on example pages: each variant must be named by its spec.</summary>
    public static TheoryData<string, string, string[]> BuggyVariants => new()
    {
        // H3: the delayed and the unwritten buffer lose their dirty bit without I/O.
        { "delay-unwritten-skipped.json", "h3", ["NoDirtyDataLost"] },
        // H5: the page-cache page goes to disk; the bounce page, in no bio, is never freed.
        { "encrypt-software.json", "h5", ["NoPlaintextOnDisk", "BouncePageLifetime"] },
        // H2 on top of F1: the failed sync call also leaves the page in writeback.
        { "encrypt-enomem-sync-seed.json", "h2", ["SyncIntegrity", "WritebackEventuallyEnds"] },
    };

    private static string[] ExampleFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json")
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Examples => new(ExampleFiles());

    [Fact]
    public void The_examples_folder_holds_every_case_this_class_names()
    {
        var files = ExampleFiles();
        // Exactly the repository's examples/ (every one copied next to the test assembly, none stale).
        var repo = Path.GetDirectoryName(VerifiedWriteback.Engine.SweepConfig.FindDefault(AppContext.BaseDirectory + "/../../../../.."))!;
        var source = Directory.GetFiles(Path.Combine(repo, "examples"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(source, files);
        Assert.Equal(11, files.Length);
        Assert.Superset(Expected.Keys.ToHashSet(), files.ToHashSet());
        Assert.Superset(BuggyVariants.Select(row => (string)row[0]).ToHashSet(), files.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_spec_judges_the_example_as_expected_under_its_own_variant(string example)
    {
        var c = Load(example);
        Assert.Equal(Expected.GetValueOrDefault(example, []), Firing(Run(c)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_spec_is_silent_on_the_example_run_with_the_upstream_fixes(string example)
    {
        var c = Load(example) with { Variant = "4.4-fixed" };
        string[] expected = c.CompleteBios ? [] : Expected[example];
        Assert.Equal(expected, Firing(Run(c)));
    }

    [Theory]
    [MemberData(nameof(BuggyVariants))]
    public void A_historical_bug_on_an_example_page_is_named_by_its_spec(string example, string variant, string[] specs)
    {
        Assert.Equal(specs, Firing(Run(Load(example) with { Variant = variant })));
    }

    [Fact]
    public void The_open_bio_example_needs_the_earlier_pages_events_and_nothing_else()
    {
        // CaseRunner builds the bio "from an earlier page" directly (no events for that page): the
        // raw stream ends a writeback that never began and submits buffers never added. With the
        // events that page's own call would have recorded in front, every spec is silent.
        var c = Load("hole-submits-open-bio.json");
        var raw = CaseRunner.Run(c).Events;
        Assert.Empty(Firing(WithEarlierPage(c, raw)));
        if (!raw.Any(e => e is Call.set_page_writeback w && w.Page == CaseRunner.PageIndex - 1))
        {
            Assert.Equal(["WritebackEndsOnce", "BioContiguity"], Firing(raw));
        }
    }

    private static WritePageCase Load(string example) =>
        WritePageCase.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", example)));

    private static IReadOnlyList<KernelEvent> Run(WritePageCase c)
    {
        var result = CaseRunner.Run(c);
        Assert.Null(result.Bug);
        return WithEarlierPage(c, result.Events);
    }

    /// <summary>The specs (in catalog order) whose plain logic reports a violation or an obligation for the stream.</summary>
    private static string[] Firing(IReadOnlyList<KernelEvent> events) =>
        SpecCatalog.All.Where(s => SpecSuite.Judge(events, [s]) is not null).Select(s => s.Name).ToArray();

    /// <summary>
    /// For a case with an open bio, the events the earlier page's own ext4_bio_write_page call would
    /// have recorded (CaseRunner.OpenBioFromEarlierPage builds that page without events): the page
    /// enters writeback and each of its buffers is marked, added to the open bio and cleaned. The
    /// bio id and io_end are read from the stream; the page is plaintext, as CaseRunner builds it.
    /// </summary>
    private static IReadOnlyList<KernelEvent> WithEarlierPage(WritePageCase c, IReadOnlyList<KernelEvent> events)
    {
        var page = CaseRunner.PageIndex - 1;
        if (c.OpenBioNextBlock is not { } next || events.Any(e => e is Call.set_page_writeback w && w.Page == page))
        {
            return events;
        }
        var open = events.OfType<Call.submit_bio>().First(e => e.Segments.Any(s => s.Page == page));
        var n = c.PageSize / c.BlockSize;
        var script = new EventScript()
            .ext4_bio_write_page(page, c.PageSize)
            .set_page_writeback(page).ClearPageError(page);
        for (var i = 0; i < n; i++)
        {
            script.set_buffer_async_write(page, i, next - n + i);
        }
        for (var i = 0; i < n; i++)
        {
            script.io_submit_add_bh(page, i, next - n + i, open.Bio, ioEnd: open.IoEnd ?? 1)
                .clear_buffer_dirty(page, i, next - n + i, blockSize: c.BlockSize);
        }
        script.Leave(page);
        var prefix = script.Events;
        return [.. prefix, .. events.Select(e => e with { Seq = e.Seq + prefix.Count })];
    }
}
