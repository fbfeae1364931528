using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;

namespace VerifiedWriteback.Properties.Coverage;

/// <summary>
/// Which buffer classes and which branches of ext4_bio_write_page (seed lines) a run reached,
/// read from the case and the events of its CaseResult.
/// </summary>
public static class Branches
{
    /// <summary>Every label, in table order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "class: past EOF (L47-50)",
        "class: hole (L52-59, !mapped)",
        "class: unprepared mapped (L52-59)",
        "class: to submit (L61-66)",
        "L21 set_page_writeback_keepwrite",
        "L23 set_page_writeback",
        "L36 zero_user_segment",
        "L56 clear_buffer_dirty of a hole",
        "L58 open bio submitted in the first loop",
        "L62-63 clear_buffer_new + unmap_underlying_metadata",
        "L65 set_buffer_async_write",
        "L71 encrypted regular page with buffers to write",
        "L77 hardware encryption: no bounce page",
        "L78 ext4_encrypt called",
        "L81 ext4_encrypt failed",
        "L84-89 encryption retried (upstream, or the seed's intent)",
        "L85 open bio submitted before the retry",
        "L92 goto out after encryption failure",
        "L100 io_submit_add_bh",
        "io_submit_add_bh: open bio submitted (block not contiguous)",
        "io_submit_add_bh: this page continues the open bio",
        "L102-108 bio_alloc failed",
        "L116-124 error path (printk_ratelimited, redirty, clear async)",
        "L118 bounce page restored on the error path",
        "L129 writer's own end_page_writeback",
        "completion's end_page_writeback",
        "bounce page submitted",
        "bio completed with EIO",
        "layout (2+ buffers): contiguous",
        "layout (2+ buffers): discontiguous",
        "layout (2+ buffers): descending",
        "geometry: 64K page",
        "geometry: blocks smaller than the page",
        "environment: adversarial",
        "finding F1 applies",
        "finding F3 applies",
        "finding F4 applies",
        "kernel BUG reported",
    ];

    public static IReadOnlySet<string> Reached(WritePageCase c, CaseResult r)
    {
        var hit = new HashSet<string>();
        void Hit(bool cond, int index)
        {
            if (cond) hit.Add(All[index]);
        }
        var classes = BufferClasses.Of(c);
        var ev = r.Events;
        var pageId = r.Page.Id;
        int At<T>() where T : KernelEvent => ev.ToList().FindIndex(e => e is T);
        var ret = At<Call.ext4_bio_write_page_return>();
        var firstAfterLoop1 = ev.ToList().FindIndex(e => e is Call.ext4_encrypt or Call.io_submit_add_bh or Call.printk_ratelimited or Call.unlock_page);
        var encrypts = ev.OfType<Call.ext4_encrypt>().ToArray();
        var firstEncrypt = At<Call.ext4_encrypt>();
        var lastEncrypt = ev.ToList().FindLastIndex(e => e is Call.ext4_encrypt);
        var firstAdd = At<Call.io_submit_add_bh>();
        var submits = ev.Select((e, i) => (e, i)).Where(t => t.e is Call.submit_bio).Select(t => (e: (Call.submit_bio)t.e, t.i)).ToArray();
        var toSubmit = classes.Count(k => k == BufferClass.ToSubmit);

        Hit(classes.Contains(BufferClass.PastEof), 0);
        Hit(classes.Contains(BufferClass.Hole), 1);
        Hit(classes.Contains(BufferClass.Unprepared), 2);
        Hit(toSubmit > 0, 3);
        Hit(At<Call.set_page_writeback_keepwrite>() >= 0, 4);
        Hit(At<Call.set_page_writeback>() >= 0, 5);
        Hit(At<Call.zero_user_segment>() >= 0, 6);
        Hit(ev.OfType<Call.clear_buffer_dirty>().Any(e => e.Page == pageId && (e.Before & Kernel.BufferFlags.mapped) == 0 && classes[e.Bh] == BufferClass.Hole), 7);
        Hit(submits.Any(t => t.i < firstAfterLoop1), 8);
        Hit(At<Call.clear_buffer_new>() >= 0 && At<Call.unmap_underlying_metadata>() >= 0, 9);
        Hit(At<Call.set_buffer_async_write>() >= 0, 10);
        Hit(c.Encryption != EncryptionMode.None && c.Regular && toSubmit > 0, 11);
        Hit(c.Encryption == EncryptionMode.Hardware && c.Regular && toSubmit > 0, 12);
        Hit(encrypts.Length > 0, 13);
        Hit(encrypts.Any(e => e.Ret != 0), 14);
        Hit(encrypts.Length > 1, 15);
        Hit(encrypts.Length > 1 && submits.Any(t => t.i > firstEncrypt && t.i < lastEncrypt), 16);
        Hit(encrypts.Length > 0 && encrypts[^1].Ret != 0 && firstAdd < 0 && At<Call.printk_ratelimited>() >= 0, 17);
        Hit(firstAdd >= 0, 18);
        Hit(firstAdd >= 0 && submits.Any(t => t.i > firstAdd && (ret < 0 || t.i < ret)), 19);
        Hit(submits.Any(t => t.e.Segments.Any(s => s.Page != pageId) && t.e.Segments.Any(s => s.Page == pageId)), 20);
        Hit(ev.OfType<Call.bio_alloc>().Any(e => e.Ret != 0), 21);
        Hit(At<Call.printk_ratelimited>() >= 0, 22);
        Hit(ret >= 0 && ev.Take(ret).Any(e => e is Call.ext4_restore_control_page), 23);
        Hit(ret >= 0 && ev.Take(ret).Any(e => e is Call.end_page_writeback end && end.Page == pageId), 24);
        Hit(ret >= 0 && ev.Skip(ret).Any(e => e is Call.end_page_writeback end && end.Page == pageId), 25);
        Hit(submits.Any(t => t.e.Segments.Any(s => s.Bounce)), 26);
        Hit(ev.OfType<Call.bio_endio>().Any(e => e.Failed), 27);
        var layout = BlockLayoutGen.Classify(c.Buffers.Select(b => b.Block).ToArray());
        var several = c.Buffers.Count > 1;
        Hit(several && layout == BlockLayout.Contiguous, 28);
        Hit(several && layout == BlockLayout.Discontiguous, 29);
        Hit(several && layout == BlockLayout.Descending, 30);
        Hit(c.PageSize == GeometryGen.Page64K, 31);
        Hit(c.BlockSize < c.PageSize, 32);
        Hit(EnvironmentTags.Of(c) == EnvironmentTag.Adversarial, 33);
        var findings = KnownFindings.Applying(c);
        Hit(findings.Contains(Finding.F1), 34);
        Hit(findings.Contains(Finding.F3), 35);
        Hit(findings.Contains(Finding.F4), 36);
        Hit(r.Bug is not null, 37);
        return hit;
    }
}
