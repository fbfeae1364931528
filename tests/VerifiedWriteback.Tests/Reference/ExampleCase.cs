using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Reference;

/// <summary>
/// Loads a case file from examples/ (the test project copies them next to the assembly) and runs
/// it through the same <see cref="CaseRunner"/> that `vwb run` uses, so a worked example and the
/// file a user runs can never differ.
/// </summary>
internal static class ExampleCase
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public static WritePageCase Load(string name) => WritePageCase.Parse(File.ReadAllText(PathOf(name)));

    public static CaseResult Run(string name) => CaseRunner.Run(Load(name));

    /// <summary>Run the file with one field changed (another variant, completion on or off).</summary>
    public static CaseResult Run(string name, Func<WritePageCase, WritePageCase> change) => CaseRunner.Run(change(Load(name)));

    /// <summary>
    /// One event in a compact form for exact sequence assertions:
    /// "call bhN bioN [blocks] data gfp from..to ret=N error=N", each part only when the event has it.
    /// </summary>
    public static string Step(KernelEvent e)
    {
        // The event's written-out form (the `vwb run` JSON), so the steps name calls and arguments exactly as users see them.
        var j = EventWire.ToJson(e);
        string? Get(string key) => j[key]?.ToJsonString();
        var parts = new List<string> { EventWire.Name(e) };
        if (Get("bh") is { } bh) parts.Add($"bh{bh}");
        if (Get("bio") is { } bio) parts.Add($"bio{bio}");
        if (j["blocks"] is System.Text.Json.Nodes.JsonArray blocks) parts.Add("[" + string.Join(',', blocks.Select(b => b!.ToJsonString())) + "]");
        if (j["data"]?.GetValue<string>() is { } data) parts.Add(data);
        if (j["gfp"]?.GetValue<string>() is { } gfp) parts.Add(gfp);
        if (Get("from") is { } from && Get("to") is { } to) parts.Add($"{from}..{to}");
        if (Get("ret") is { } ret) parts.Add("ret=" + ret);
        if (Get("error") is { } err && err != "0") parts.Add("error=" + err);
        return string.Join(' ', parts);
    }

    /// <summary>The events of the ext4_bio_write_page call itself, entry to return.</summary>
    public static string[] WriterSteps(this CaseResult r)
    {
        var end = r.Events.ToList().FindIndex(e => e is Call.ext4_bio_write_page_return);
        Assert.True(end >= 0, "ext4_bio_write_page did not return");
        return r.Events.Take(end + 1).Select(Step).ToArray();
    }

    /// <summary>The events after ext4_bio_write_page returned: end of the pass and bio completion.</summary>
    public static string[] CompletionSteps(this CaseResult r)
    {
        var end = r.Events.ToList().FindIndex(e => e is Call.ext4_bio_write_page_return);
        return r.Events.Skip(end + 1).Select(Step).ToArray();
    }

    /// <summary>The calls of type <typeparamref name="T"/>, in order.</summary>
    public static T[] All<T>(this CaseResult r)
        where T : KernelEvent => r.Events.OfType<T>().ToArray();

    /// <summary>Flags of buffer <paramref name="bh"/> of the written page, in the case-format order.</summary>
    public static string[] Flags(this CaseResult r, int bh) => r.Page.Buffers[bh].FlagNames().ToArray();

    /// <summary>The disk after the run: (block, data version, ciphertext) in block order.</summary>
    public static (long Block, int Version, bool Ciphertext)[] Disk(this CaseResult r) =>
        r.Machine.Disk.Blocks.Values.Select(w => (w.Block, w.Version, w.Ciphertext)).ToArray();

    /// <summary>Page flags of the written page after the run.</summary>
    public static (bool Writeback, bool Dirty, bool Error, bool Locked) PageFlags(this CaseResult r) =>
        (r.Page.PG_writeback, r.Page.PG_dirty, r.Page.PG_error, r.Page.PG_locked);
}
