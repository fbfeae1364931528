using VerifiedWriteback.Kernel;
using System.Text.Json.Nodes;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Tests.Reference;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `vwb run FILE` on every case in examples/: exit 0, nothing on stderr, and on stdout the JSON
/// document of the README ("vwb run", output): return, events, page, buffers, pagesSkipped, disk.
/// </summary>
public sealed class VwbRunOutputTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    private static readonly string[] PageFields = ["writeback", "dirty", "error", "locked", "towrite"];
    private static readonly string[] BufferFlags = ["dirty", "mapped", "uptodate", "new", "delay", "unwritten", "async_write"];

    [Fact]
    public void There_are_example_files()
    {
        Assert.True(ExampleFiles().Count >= 10);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Prints_the_documented_document_for_each_example(string name)
    {
        var run = VwbInvocation.Of("run", ExampleCase.PathOf(name));

        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Code);
        var doc = Assert.IsType<JsonObject>(JsonNode.Parse(run.Stdout));
        Assert.Equal(["return", "events", "page", "buffers", "pagesSkipped", "disk"], doc.Select(p => p.Key));

        var c = ExampleCase.Load(name);
        var expected = CaseRunner.Run(c);

        Assert.Equal(expected.Return, doc["return"]!.GetValue<int>());
        var events = doc["events"]!.AsArray();
        Assert.Equal(expected.Events.Select(EventWire.Name), events.Select(e => e!["call"]!.GetValue<string>()));
        Assert.All(events, e => Assert.DoesNotContain("seq", e!.AsObject().Select(p => p.Key)));

        var page = doc["page"]!.AsObject();
        Assert.Equal(PageFields, page.Select(p => p.Key));
        Assert.Equal(expected.Page.PG_writeback, page["writeback"]!.GetValue<bool>());
        Assert.Equal(expected.Page.PG_dirty, page["dirty"]!.GetValue<bool>());
        Assert.Equal(expected.Page.PG_error, page["error"]!.GetValue<bool>());
        Assert.Equal(expected.Page.PG_locked, page["locked"]!.GetValue<bool>());
        Assert.Equal(expected.Page.TagTowrite, page["towrite"]!.GetValue<bool>());

        var buffers = doc["buffers"]!.AsArray();
        Assert.Equal(c.PageSize / c.BlockSize, buffers.Count);
        for (var i = 0; i < buffers.Count; i++)
        {
            var flags = buffers[i]!["flags"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
            Assert.All(flags, f => Assert.Contains(f, BufferFlags));
            Assert.Equal(expected.Flags(i), flags);
        }

        Assert.Equal(expected.Wbc.pages_skipped, doc["pagesSkipped"]!.GetValue<long>());
        Assert.Equal(expected.Disk(), doc["disk"]!.AsArray().Select(d =>
            (d!["block"]!.GetValue<long>(), d["version"]!.GetValue<int>(), d["ciphertext"]!.GetValue<bool>())));
    }

    /// <summary>
    /// What each example's JSON says, read off the hand derivations in tests/…/Reference:
    /// return, the blocks of each submit_bio in order, the data of each, pagesSkipped, page
    /// writeback and dirty after the run, and the disk's blocks ("c" marks ciphertext).
    /// </summary>
    [Theory]
    [InlineData("four-contiguous.json", 0, "[100,101,102,103]", "page", 0, false, false, "100 101 102 103")]
    [InlineData("four-contiguous-in-flight.json", 0, "", "", 0, true, false, "")]
    [InlineData("tail-zeroed.json", 0, "[100,101]", "page", 0, false, false, "100 101")]
    [InlineData("hole-two-bios.json", 0, "[100] [102,103]", "page page", 0, false, false, "100 102 103")]
    [InlineData("hole-submits-open-bio.json", 0, "[96,97,98,99] [100] [102,103]", "page page page", 0, false, false, "96 97 98 99 100 102 103")]
    [InlineData("delay-unwritten-skipped.json", 0, "[100] [103]", "page page", 0, false, false, "100 103")]
    [InlineData("encrypt-software.json", 0, "[100]", "bounce", 0, false, false, "100c")]
    [InlineData("encrypt-hardware.json", 0, "[100]", "page", 0, false, false, "100")]
    [InlineData("encrypt-enomem-sync-seed.json", -12, "", "", 1, false, true, "")]
    [InlineData("encrypt-enomem-sync-upstream.json", 0, "[100]", "bounce", 0, false, false, "100c")]
    [InlineData("bio-alloc-fails-second.json", -12, "[100]", "page", 1, false, true, "100")]
    public void Each_example_prints_its_derived_answer(string name, int ret, string bios, string data, int skipped, bool writeback, bool dirty, string disk)
    {
        var run = VwbInvocation.Of("run", ExampleCase.PathOf(name));
        Assert.Equal(0, run.Code);
        var doc = JsonNode.Parse(run.Stdout)!;

        var submits = doc["events"]!.AsArray().Where(e => e!["call"]!.GetValue<string>() == "submit_bio").ToArray();
        Assert.Equal(ret, doc["return"]!.GetValue<int>());
        Assert.Equal(bios, string.Join(' ', submits.Select(e => e!["blocks"]!.ToJsonString())));
        Assert.Equal(data, string.Join(' ', submits.Select(e => e!["data"]!.GetValue<string>())));
        Assert.Equal(skipped, doc["pagesSkipped"]!.GetValue<int>());
        Assert.Equal(writeback, doc["page"]!["writeback"]!.GetValue<bool>());
        Assert.Equal(dirty, doc["page"]!["dirty"]!.GetValue<bool>());
        Assert.Equal(disk, string.Join(' ', doc["disk"]!.AsArray().Select(d =>
            d!["block"]!.ToJsonString() + (d["ciphertext"]!.GetValue<bool>() ? "c" : ""))));
        Assert.Null(doc["bug"]);
    }

    [Fact]
    public void The_tail_zeroing_example_prints_the_zeroed_range()
    {
        var doc = JsonNode.Parse(VwbInvocation.Of("run", ExampleCase.PathOf("tail-zeroed.json")).Stdout)!;

        var zero = Assert.Single(doc["events"]!.AsArray(), e => e!["call"]!.GetValue<string>() == "zero_user_segment")!;
        Assert.Equal((2000, 4096), (zero["from"]!.GetValue<int>(), zero["to"]!.GetValue<int>()));
    }
    /// <summary>
    /// faults.io gives each bio's completion status in submission order: in the hole example bio 1
    /// ([100]) completes fine and bio 2 ([102,103]) with EIO, so only block 100 reaches the disk
    /// and ext4_finish_bio of bio 2 sets PG_error.
    /// </summary>
    [Fact]
    public void The_io_fault_site_fails_the_bios_it_names()
    {
        using var scratch = new ScratchDirectory();
        var text = File.ReadAllText(ExampleCase.PathOf("hole-two-bios.json")).Replace("\"faults\": {}", "\"faults\": { \"io\": [\"ok\",\"EIO\"] }");
        Assert.Contains("EIO", text);
        var run = VwbInvocation.Of("run", scratch.Write("hole-eio.json", text));

        Assert.Equal(0, run.Code);
        var doc = JsonNode.Parse(run.Stdout)!;
        var endio = doc["events"]!.AsArray().Where(e => e!["call"]!.GetValue<string>() == "bio_endio").ToArray();
        Assert.Equal([0, -5], endio.Select(e => e!["error"]!.GetValue<int>()));
        Assert.True(doc["page"]!["error"]!.GetValue<bool>());
        Assert.False(doc["page"]!["writeback"]!.GetValue<bool>());
        Assert.Equal("[{\"block\":100,\"version\":1,\"ciphertext\":false}]", doc["disk"]!.ToJsonString());
    }
}
