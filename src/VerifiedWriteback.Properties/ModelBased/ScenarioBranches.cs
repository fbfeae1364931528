using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>What a multi-page scenario reached: harness situations, kernel branches, the seed's findings.</summary>
public static class ScenarioBranches
{
    public const string SyncWaited = "WB_SYNC_ALL pass waited for a page under writeback";
    public const string Skipped = "WB_SYNC_NONE pass skipped a page under writeback";
    public const string WriteBlocked = "user write held back: buffer in flight";
    public const string Allocated = "pass allocated a delayed buffer (then L62-63 clear_buffer_new)";
    public const string DelayedLeft = "delayed buffer left dirty (pass without allocation, L52-59)";
    public const string Redirtied = "page redirtied after a failed write (L120)";
    public const string Eio = "bio completed with EIO";
    public const string MultiPageBio = "one bio carries buffers of several pages";
    public const string Zeroed = "L36 tail of the last page zeroed";
    public const string Encrypt = "L78 ext4_encrypt";
    public const string EncryptFailed = "L81 ext4_encrypt failed";
    public const string RetrySubmit = "L85 open bio submitted before the encryption retry (upstream)";
    public const string PoolSleep = "writer slept in mempool_alloc for a bounce page";
    public const string WriterEnd = "L129 writer's own end_page_writeback";
    public const string CompletionEnd = "completion's end_page_writeback";
    public const string F1 = "F1 met: WB_SYNC_ALL pass failed with -ENOMEM";
    public const string F2 = "F2 met: deadlock in mempool_alloc";

    public static IReadOnlyList<string> All { get; } =
    [
        SyncWaited, Skipped, WriteBlocked, Allocated, DelayedLeft, Redirtied, Eio, MultiPageBio, Zeroed,
        Encrypt, EncryptFailed, RetrySubmit, PoolSleep, WriterEnd, CompletionEnd, F1, F2,
    ];

    /// <summary>The labels visible in the event log of a whole scenario.</summary>
    public static IEnumerable<string> FromEvents(IReadOnlyList<KernelEvent> ev)
    {
        if (ev.Any(e => e is Call.redirty_page_for_writepage)) yield return Redirtied;
        if (ev.OfType<Call.bio_endio>().Any(e => e.Failed)) yield return Eio;
        if (ev.OfType<Call.io_submit_add_bh>().Where(e => e.Added).GroupBy(e => e.Bio).Any(g => g.Select(e => e.Page).Distinct().Count() > 1)) yield return MultiPageBio;
        if (ev.Any(e => e is Call.zero_user_segment)) yield return Zeroed;
        if (ev.Any(e => e is Call.ext4_encrypt)) yield return Encrypt;
        if (ev.OfType<Call.ext4_encrypt>().Any(e => e.Ret != 0)) yield return EncryptFailed;
        if (ev.Any(e => e is Call.clear_buffer_new)) yield return Allocated;
        if (ev.Any(e => e is Call.mempool_alloc)) yield return PoolSleep;
        var writer = false;
        var completion = false;
        var failedEncrypt = false;
        var retrySubmit = false;
        foreach (var e in ev)
        {
            switch (e)
            {
                case Call.ext4_bio_write_page:
                    writer = true;
                    failedEncrypt = false;
                    break;
                case Call.ext4_bio_write_page_return:
                    writer = false;
                    break;
                case Call.ext4_encrypt enc:
                    failedEncrypt = enc.Ret != 0;
                    break;
                case Call.submit_bio when writer && failedEncrypt:
                    retrySubmit = true;
                    break;
                case Call.end_page_writeback when writer:
                    yield return WriterEnd;
                    break;
                case Call.end_page_writeback:
                    completion = true;
                    break;
            }
        }
        if (completion) yield return CompletionEnd;
        if (retrySubmit) yield return RetrySubmit;
    }
}
