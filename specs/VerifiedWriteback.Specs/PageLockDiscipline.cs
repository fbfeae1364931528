using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// PageLockDiscipline: ext4_bio_write_page is entered with the page locked and not under
/// writeback, and unlocks it exactly once before returning; nobody unlocks an unlocked page.
/// Kernel rule: seed L17-18 (BUG_ON) and L126; unlock_page's VM_BUG_ON_PAGE(!PageLocked).
/// </summary>
public sealed class PageLockDiscipline : SpecMonitor
{
    private readonly SortedSet<int> locked = [];
    private readonly SortedDictionary<int, int> unlocksThisCall = [];

    public override string Checks => "entered locked and not under writeback; unlocked exactly once";
    public override string KernelRule => "seed L17-18 BUG_ON, L126 unlock_page";

    public override string? Observe(KernelEvent e)
    {
        var page = e.Page ?? -1;
        switch (e.Call)
        {
            case "lock_page":
                if (!locked.Add(page))
                {
                    return $"page {page} locked while already locked";
                }
                break;
            case "ext4_bio_write_page":
                var flags = e.Flags ?? [];
                locked.Add(page); // a sequential case hands over a page locked by its caller
                if (!flags.Contains("locked"))
                {
                    return $"ext4_bio_write_page entered with page {page} unlocked";
                }
                if (flags.Contains("writeback"))
                {
                    return $"ext4_bio_write_page entered with page {page} already under writeback";
                }
                unlocksThisCall[page] = 0;
                break;
            case "unlock_page":
                if (!locked.Remove(page))
                {
                    return $"unlock_page on page {page} that is not locked";
                }
                if (unlocksThisCall.TryGetValue(page, out var n))
                {
                    unlocksThisCall[page] = n + 1;
                }
                break;
            case "ext4_bio_write_page_return":
                if (unlocksThisCall.TryGetValue(page, out var count) && count != 1)
                {
                    return $"ext4_bio_write_page returned having unlocked page {page} {count} times";
                }
                unlocksThisCall.Remove(page);
                break;
        }
        return null;
    }
}
