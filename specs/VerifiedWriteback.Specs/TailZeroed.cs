using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// TailZeroed: when len &lt; PAGE_SIZE, the bytes from len to the end of the page are zeroed
/// before any buffer of the page is added to a bio or sent to disk, and, for software encryption,
/// before ext4_encrypt copies the page into the bounce page that goes to disk in its place; and no
/// buffer that starts at or past len is sent to disk at all.
/// Kernel rule: seed L35-36 (zero_user_segment, as block_write_full_page does): a page straddling
/// i_size may be mmapped, and stale bytes past EOF must not reach the disk (seed L78 encrypts
/// after L36, so the ciphertext is of the zeroed tail); seed L47-50: a buffer wholly past EOF is
/// cleaned and marked uptodate, never written: when the call returns, every buffer at or past len
/// had its dirty bit cleared (L48) and was marked uptodate (L49) in that call.
/// </summary>
public sealed class TailZeroed : Spec
{
    private readonly SortedDictionary<int, (int Len, int Size)> pending = [];
    /// <summary>bounce page -> the tail its control page still had to zero when it was encrypted.</summary>
    private readonly SortedDictionary<int, (int Len, int Size)> staleBounces = [];
    /// <summary>Buffers past EOF of the running call still owed clear_buffer_dirty (L48) or set_buffer_uptodate (L49).</summary>
    private readonly SortedSet<(int Page, int Bh)> eofDirty = [];
    private readonly SortedSet<(int Page, int Bh)> eofNotUptodate = [];

    public override string Checks => "with len < PAGE_SIZE the tail [len, PAGE_SIZE) is zeroed before any buffer is submitted or the page is encrypted for submission, and no buffer starting at or past len is written";
    public override string KernelRule => "seed L35-36 zero_user_segment(page, len, PAGE_CACHE_SIZE); seed L47-50 buffers past EOF are cleaned, made uptodate, not written";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.ext4_bio_write_page c:
                pending.Remove(c.Page);
                eofDirty.RemoveWhere(k => k.Page == c.Page);
                eofNotUptodate.RemoveWhere(k => k.Page == c.Page);
                if (c.Len < c.PageSize)
                {
                    pending[c.Page] = (c.Len, c.PageSize);
                    for (var bh = 0; c.BlockSize > 0 && bh < c.PageSize / c.BlockSize; bh++)
                    {
                        if (bh * c.BlockSize >= c.Len)
                        {
                            eofDirty.Add((c.Page, bh));
                            eofNotUptodate.Add((c.Page, bh));
                        }
                    }
                }
                break;
            case Call.clear_buffer_dirty d:
                eofDirty.Remove((d.Page, d.Bh));
                break;
            case Call.set_buffer_uptodate u:
                eofNotUptodate.Remove((u.Page, u.Bh));
                break;
            case Call.submit_bio bio:
                return PastEof(bio, t);
            case Call.zero_user_segment z when pending.TryGetValue(z.Page, out var want):
                if (z.From <= want.Len && z.To >= want.Size)
                {
                    pending.Remove(z.Page);
                }
                break;
            case Call.ext4_encrypt { Bounce: { } bounce } enc when pending.TryGetValue(enc.Page, out var unzeroed):
                staleBounces[bounce] = unzeroed;
                break;
            case Call.io_submit_add_bh { Added: true } a when pending.TryGetValue(a.Page, out var tail):
                return Fail("submitted-before-zeroing", $"bh{a.Bh} of page {a.Page} submitted before bytes {tail.Len}..{tail.Size} past EOF were zeroed");
            case Call.io_submit_add_bh { Added: true, Bounce: { } used } a when staleBounces.TryGetValue(used, out var stale):
                return Fail("stale-bounce-tail", $"bh{a.Bh} of page {a.Page} submitted from bounce page {used} encrypted before bytes {stale.Len}..{stale.Size} past EOF were zeroed: the ciphertext carries the stale tail");
            case Call.ext4_restore_control_page r:
                staleBounces.Remove(r.Bounce);
                break;
            case Call.ext4_bio_write_page_return r:
                pending.Remove(r.Page);
                var left = eofDirty.Where(k => k.Page == r.Page).Select(k => (k.Bh, What: "dirty"))
                    .Concat(eofNotUptodate.Where(k => k.Page == r.Page).Select(k => (k.Bh, What: "not uptodate"))).ToArray();
                eofDirty.RemoveWhere(k => k.Page == r.Page);
                eofNotUptodate.RemoveWhere(k => k.Page == r.Page);
                if (left.Length > 0)
                {
                    return Fail("eof-buffer-not-cleaned", $"ext4_bio_write_page of page {r.Page} returned leaving buffer(s) past EOF {string.Join(", ", left.Select(x => $"bh{x.Bh} {x.What}"))}: they must end clean and uptodate");
                }
                break;
        }
        return null;
    }

    /// <summary>A submitted bio that carries a buffer starting at or past its page's len.</summary>
    private string? PastEof(Call.submit_bio e, WritebackTracker t)
    {
        var blockSize = WritebackTracker.BlockSize(e.Segments, e.Blocks);
        foreach (var (page, bh, _, _) in WritebackTracker.BlocksOf(e.Segments, e.Blocks))
        {
            if (t.LatestCall(page) is { } call && call.Len < call.PageSize && bh * blockSize >= call.Len)
            {
                return Fail("past-eof-written", $"bio#{e.Bio} writes bh{bh} of page {page} (bytes {bh * blockSize}..{(bh + 1) * blockSize}) although EOF is at {call.Len}: a buffer past EOF is cleaned, not written");
            }
        }
        return null;
    }
}
