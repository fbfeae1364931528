using System.Globalization;
using System.Text.Json.Nodes;

namespace VerifiedWriteback.Kernel;

/// <summary>
/// The one place where a kernel event becomes text: its call name (the record's type name, which
/// is the kernel function's), the `vwb run` JSON object and the one-line description used by
/// timelines and spec reports. Field names and their order are the `vwb run` contract
/// (docs/RUN-CONTRACT.md); a field appears only when the call has it.
/// </summary>
public static class EventWire
{
    /// <summary>The kernel call's name.</summary>
    public static string Name(KernelEvent e) => e.GetType().Name;

    /// <summary>The event as a `vwb run` JSON object (no seq, cpu or page: the answer is about one page).</summary>
    public static JsonObject ToJson(KernelEvent e)
    {
        var f = Fields.Of(e);
        var o = new JsonObject { ["call"] = Name(e) };
        if (f.Bh is { } bh) o["bh"] = bh;
        if (f.Block is { } block) o["block"] = block;
        if (f.Blocks is { } blocks) o["blocks"] = new JsonArray(blocks.Select(b => (JsonNode)b).ToArray());
        if (f.Versions is { } versions) o["versions"] = new JsonArray(versions.Select(v => (JsonNode)v).ToArray());
        if (f.Flags is { } flags) o["flags"] = new JsonArray(flags.Select(x => (JsonNode)x).ToArray());
        if (f.From is { } from) o["from"] = from;
        if (f.To is { } to) o["to"] = to;
        if (f.Len is { } len) o["len"] = len;
        if (f.Data is { } data) o["data"] = data;
        if (f.Bio is { } bio) o["bio"] = bio;
        if (f.Bounce is { } bounce) o["bounce"] = bounce;
        if (f.Ret is { } ret) o["ret"] = ret;
        if (f.Error is { } err) o["error"] = err;
        if (f.Gfp is { } gfp) o["gfp"] = gfp;
        if (f.SyncAll is { } sync) o["syncAll"] = sync;
        if (f.KeepTowrite is { } keep) o["keepTowrite"] = keep;
        if (f.Towrite is { } towrite) o["towrite"] = towrite;
        if (f.Note is { } note) o["note"] = note;
        return o;
    }

    /// <summary>The event as one line of a run's record: its number, its CPU and its description.</summary>
    public static string Line(KernelEvent e) => Invariant($"{e.Seq} {e.Cpu} {Describe(e)}");

    /// <summary>One line in kernel terms: <c>call(page 1, bh0, block 100, ...)</c>.</summary>
    public static string Describe(KernelEvent e)
    {
        var f = Fields.Of(e);
        var args = new List<string>();
        if (f.Page is { } p) args.Add(Invariant($"page {p}"));
        if (f.Bh is { } bh) args.Add(Invariant($"bh{bh}"));
        if (f.Block is { } block) args.Add(Invariant($"block {block}"));
        if (f.Blocks is { Count: > 0 } blocks) args.Add(Invariant($"blocks {blocks[0]}..{blocks[^1]}"));
        if (f.Bio is { } bio) args.Add(Invariant($"bio#{bio}"));
        if (f.Data is { } data) args.Add(data);
        if (f.From is { } from && f.To is { } to) args.Add(Invariant($"{from}..{to}"));
        if (f.Len is { } len) args.Add(Invariant($"len {len}"));
        if (f.Gfp is { } gfp) args.Add(gfp);
        if (f.Ret is { } ret) args.Add(Invariant($"ret {ret}"));
        if (f.Error is { } err && err != 0) args.Add(Invariant($"error {err}"));
        if (f.Flags is { } flags) args.Add("[" + string.Join(',', flags) + "]");
        if (f.Note is { } note) args.Add(note);
        return $"{Name(e)}({string.Join(", ", args)})";
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Kind(bool bounce) => bounce ? nameof(BioData.bounce) : nameof(BioData.page);

    /// <summary>The written-out arguments of one call (serialization only: every field optional).</summary>
    private sealed class Fields
    {
        public int? Page, Bh, From, To, Len, Bio, Bounce, Ret, Error;
        public long? Block;
        public IReadOnlyList<long>? Blocks;
        public IReadOnlyList<int>? Versions;
        public IReadOnlyList<string>? Flags;
        public string? Data, Gfp, Note;
        public bool? SyncAll, KeepTowrite, Towrite;

        public static Fields Of(KernelEvent e)
        {
            var f = new Fields();
            f.Page = e.SubjectPage;
            if (e is BufferEvent be)
            {
                f.Bh = be.Bh;
                f.Block = be.Block;
            }
            switch (e)
            {
                case Call.ext4_bio_write_page c:
                    f.Len = c.Len;
                    f.SyncAll = c.SyncAll;
                    f.KeepTowrite = c.KeepTowrite;
                    f.Towrite = c.Towrite;
                    f.Flags = [.. c.Locked ? new[] { "locked" } : [], .. c.Writeback ? new[] { "writeback" } : []];
                    break;
                case Call.ext4_bio_write_page_return c:
                    f.Ret = c.Ret;
                    f.Note = Invariant($"nr_submitted {c.NrSubmitted}");
                    break;
                case Call.printk_ratelimited c:
                    f.Ret = c.Ret;
                    break;
                case Call.io_submit_add_bh c when !c.Added:
                    f.Ret = c.Ret;
                    break;
                case Call.io_submit_add_bh c:
                    f.Bio = c.Bio;
                    f.Data = Kind(c.Bounce is not null);
                    f.Bounce = c.Bounce;
                    f.Versions = [c.Version];
                    break;
                case Call.ext4_finish_bio c:
                    f.Bio = c.Bio;
                    f.Error = c.Error;
                    break;
                case Call.ext4_end_bio c:
                    f.Bio = c.Bio;
                    f.Error = c.Error;
                    break;
                case Call.ext4_put_io_end_defer c:
                    f.Ret = c.Count;
                    break;
                case Call.ext4_convert_unwritten_extents c:
                    f.Note = Invariant($"offset {c.Offset} size {c.Size}");
                    break;
                case Call.clear_buffer_dirty c:
                    f.Flags = buffer_head.Names(c.Before);
                    f.Versions = [c.Version];
                    break;
                case Call.buffer_io_error c:
                    f.Error = c.Error;
                    break;
                case Call.bio_alloc c:
                    f.Ret = c.Ret;
                    f.Note = "returns NULL";
                    break;
                case Call.submit_bio c:
                    f.Bio = c.Bio;
                    f.Blocks = c.Blocks;
                    f.Data = c.Data.ToString();
                    break;
                case Call.bio_endio c:
                    f.Bio = c.Bio;
                    f.Blocks = c.Blocks;
                    f.Versions = c.Versions;
                    f.Data = c.Data.ToString();
                    f.Error = c.Error;
                    break;
                case Call.set_page_writeback c:
                    f.Towrite = c.Towrite;
                    break;
                case Call.set_page_writeback_keepwrite c:
                    f.Towrite = c.Towrite;
                    break;
                case Call.end_page_writeback c when !c.WasUnderWriteback:
                    f.Note = "PG_writeback was not set";
                    break;
                case Call.mapping_set_error c:
                    f.Error = c.Error;
                    break;
                case Call.zero_user_segment c:
                    f.From = c.From;
                    f.To = c.To;
                    break;
                case Call.unlock_page c when !c.WasLocked:
                    f.Note = "page was not locked";
                    break;
                case Call.clear_page_dirty_for_io c:
                    f.Ret = c.WasDirty ? 1 : 0;
                    break;
                case Call.mempool_alloc c:
                    f.Gfp = Kernel.Gfp.Name(c.Gfp);
                    f.Note = $"sleeps: {c.Pool} empty";
                    break;
                case Call.ext4_encrypt c:
                    f.Gfp = Kernel.Gfp.Name(c.Gfp);
                    f.Bounce = c.Bounce;
                    f.Ret = c.Ret;
                    f.Note = c.Failure switch
                    {
                        EncryptFailure.CryptoCtxAllocation => "crypto ctx allocation failed",
                        EncryptFailure.BouncePoolEmpty => "bounce page pool empty",
                        _ => null,
                    };
                    break;
                case Call.ext4_restore_control_page c:
                    f.Bounce = c.Bounce;
                    f.Note = c.AlreadyFreed ? "bounce page already freed" : null;
                    break;
                case Call.fsync_return c:
                    f.Ret = c.Ret;
                    break;
                case Call.ext4_writepages_return c:
                    f.Ret = c.Ret;
                    f.SyncAll = c.SyncAll;
                    break;
                case Call.tag_pages_for_writeback c:
                    f.Note = c.Pages.Count == 0 ? "no page tagged DIRTY" : "TOWRITE on " + string.Join(',', c.Pages.Select(p => Invariant($"page {p}")));
                    break;
                case Call.memory_pressure c:
                    f.Note = c.On ? "on" : "off";
                    break;
                case Call.trylock_page c:
                    f.Ret = c.Acquired ? 1 : 0;
                    f.Note = c.Acquired ? null : "page locked elsewhere";
                    break;
                case Call.shrink_page_list c:
                    f.Note = Invariant($"scan {c.Scan}");
                    break;
                case Call.shrink_page_list_return c:
                    f.Note = c.Label;
                    break;
                case Call.pageout c:
                    f.Note = c.Ret.ToString();
                    break;
                case Call.ext4_writepage c when c.ForReclaim:
                    f.Note = "for_reclaim";
                    break;
                case Call.ext4_writepage_return c:
                    f.Ret = c.Ret;
                    break;
            }
            return f;
        }
    }
}
