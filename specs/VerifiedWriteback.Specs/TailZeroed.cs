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
/// cleaned and marked uptodate, never written.
/// </summary>
public sealed class TailZeroed : SpecMonitor
{
    private readonly SortedDictionary<int, (int Len, int Size)> pending = [];
    /// <summary>bounce page -> the tail its control page still had to zero when it was encrypted.</summary>
    private readonly SortedDictionary<int, (int Len, int Size)> staleBounces = [];
    /// <summary>page -> len of its latest ext4_bio_write_page call (its bios may be submitted after the call returns).</summary>
    private readonly SortedDictionary<int, int> lastLen = [];

    public override string Checks => "with len < PAGE_SIZE the tail [len, PAGE_SIZE) is zeroed before any buffer is submitted or the page is encrypted for submission, and no buffer starting at or past len is written";
    public override string KernelRule => "seed L35-36 zero_user_segment(page, len, PAGE_CACHE_SIZE); seed L47-50 buffers past EOF are not written";

    public override string? Observe(KernelEvent e)
    {
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "ext4_bio_write_page":
                pending.Remove(page);
                lastLen.Remove(page);
                if (e.Len is { } len && e.PageSize is { } size && len < size)
                {
                    pending[page] = (len, size);
                    lastLen[page] = len;
                }
                break;
            case "submit_bio":
                return PastEof(e);
            case "zero_user_segment" when pending.TryGetValue(page, out var want):
                if (e.From <= want.Len && e.To >= want.Size)
                {
                    pending.Remove(page);
                }
                break;
            case "ext4_encrypt" when e.Bounce is { } bounce && pending.TryGetValue(page, out var unzeroed):
                staleBounces[bounce] = unzeroed;
                break;
            case "io_submit_add_bh" when e.Bio is not null && pending.TryGetValue(page, out var tail):
                return $"bh{e.Bh} of page {page} submitted before bytes {tail.Len}..{tail.Size} past EOF were zeroed";
            case "io_submit_add_bh" when e.Bio is not null && e.Bounce is { } used && staleBounces.TryGetValue(used, out var stale):
                return $"bh{e.Bh} of page {page} submitted from bounce page {used} encrypted before bytes {stale.Len}..{stale.Size} past EOF were zeroed: the ciphertext carries the stale tail";
            case "ext4_restore_control_page" when e.Bounce is { } freed:
                staleBounces.Remove(freed);
                break;
            case "ext4_bio_write_page_return":
                pending.Remove(page);
                break;
        }
        return null;
    }

    /// <summary>A submitted bio that carries a buffer starting at or past its page's len.</summary>
    private string? PastEof(KernelEvent e)
    {
        var segments = e.Segments ?? [];
        var blocks = e.Blocks ?? [];
        if (segments.Count == 0 || blocks.Count == 0)
        {
            return null;
        }
        var blockSize = segments.Sum(s => s.Length) / blocks.Count;
        foreach (var s in segments)
        {
            if (!lastLen.TryGetValue(s.Page, out var len))
            {
                continue;
            }
            for (var offset = s.Offset; offset < s.Offset + s.Length; offset += blockSize)
            {
                if (offset >= len)
                {
                    return $"bio#{e.Bio} writes bh{offset / blockSize} of page {s.Page} (bytes {offset}..{offset + blockSize}) although EOF is at {len}: a buffer past EOF is cleaned, not written";
                }
            }
        }
        return null;
    }
}
