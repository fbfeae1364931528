using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// EncryptRetryProgress (liveness): once ext4_bio_write_page decided to retry a failed encryption,
/// the retry completes: the call reaches its return. A retry that sleeps for bounce pages its own
/// unsubmitted bio holds can never be woken. Owed from a failed ext4_encrypt until the call
/// that made it returns (a call that gives up returns at once).
/// Kernel rule: seed L83-89 submits the open bio (L84-85) before waiting (L86) and retrying with
/// __GFP_NOFAIL (L88); upstream 547c556f4db7 submits it and retries with GFP_NOFS, taking
/// __GFP_NOFAIL only when no bio of its own is open: a mempool_alloc that may sleep must never
/// wait on pages only its caller can release.
/// </summary>
public sealed class EncryptRetryProgress : Spec
{
    /// <summary>cpu -> page whose encryption failed in the call still running there.</summary>
    private readonly SortedDictionary<string, int> failed = [];

    public override string Checks => "after a failed encryption ext4_bio_write_page returns: a retry completes, it never waits for ever";
    public override string KernelRule => "seed L83-89 (submit the own bio, wait, retry); 547c556f4db7";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.ext4_encrypt { Ret: not 0 } f:
                failed[e.Cpu] = f.Page;
                break;
            case Call.ext4_bio_write_page_return:
                failed.Remove(e.Cpu);
                break;
        }
        return null;
    }

    public override bool Owes => failed.Count > 0;

    public override string? OwedKind => failed.Count > 0 ? "retry-never-completes" : null;

    public override string? Owed => failed.Count == 0 ? null
        : "after a failed encryption the call never returned: " + string.Join("; ", failed.Select(kv => $"page {kv.Value} on {kv.Key}"));
}
