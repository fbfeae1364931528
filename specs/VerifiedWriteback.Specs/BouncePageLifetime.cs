using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// BouncePageLifetime: each bounce page is freed (ext4_restore_control_page) exactly once, never
/// while a bio that references it is still open or in flight, and none is leaked at quiescence.
/// Kernel rule: ext4_finish_bio frees the bounce page when the page's last buffer completes
/// (page-io.c:116-119); the error path frees it only if no bio took it (seed L117-118). F4 frees
/// it while a submitted bio holds it, then completion frees it again.
/// </summary>
public sealed class BouncePageLifetime : Spec
{
    private readonly SortedSet<int> live = [];
    private readonly SortedSet<int> freed = [];

    public override string Checks => "each bounce page is freed exactly once, never while a bio references it, none leaked";
    public override string KernelRule => "page-io.c:116-119 frees after the last buffer; seed L117-118 only if no bio holds it";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.ext4_encrypt { Bounce: { } bounce }:
                live.Add(bounce);
                break;
            case Call.ext4_restore_control_page r:
                if (freed.Contains(r.Bounce) || !live.Contains(r.Bounce))
                {
                    return Fail("double-free", $"bounce page {r.Bounce} of page {r.Page} freed twice");
                }
                var holders = t.BiosHoldingBounce(r.Bounce).ToArray();
                if (holders.Length > 0)
                {
                    return Fail("use-after-free", $"bounce page {r.Bounce} of page {r.Page} freed while bio#{string.Join(",bio#", holders)} still references it (use after free)");
                }
                live.Remove(r.Bounce);
                freed.Add(r.Bounce);
                break;
        }
        return null;
    }

    public override bool Owes => live.Count > 0;

    public override string? OwedKind => live.Count > 0 ? "leak" : null;

    public override string? Owed => live.Count == 0 ? null : $"bounce page(s) {string.Join(",", live)} never freed";
}
