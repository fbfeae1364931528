using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// PageLockDiscipline: ext4_bio_write_page is entered with the page locked and not under
/// writeback, and unlocks it exactly once before returning (6.18.2's ext4_bio_write_folio leaves that
/// to its caller, mpage_folio_done, fs/ext4/inode.c L2047-2051: zero times); nobody unlocks an unlocked page.
/// A page is locked by lock_page or by a successful trylock_page (reclaim, 4.4.178 mm/vmscan.c L926).
/// Kernel rule: seed L17-18 (BUG_ON) and L126; unlock_page's VM_BUG_ON_PAGE(!PageLocked).
/// </summary>
public sealed class PageLockDiscipline : Spec
{
    private readonly SortedSet<int> locked = [];
    /// <summary>(cpu, page) -> unlocks of the page by the CPU running the call: another CPU's lock and unlock of the page after it (a pass skipping it) is not the call's.</summary>
    private readonly SortedDictionary<(string Cpu, int Page), int> unlocksThisCall = [];
    /// <summary>Pages whose call leaves the unlock to its caller (6.18.2's ext4_bio_write_folio): zero unlocks inside.</summary>
    private readonly SortedDictionary<int, int> expectedUnlocks = [];

    public override string Checks => "entered locked and not under writeback; unlocked exactly once";
    public override string KernelRule => "seed L17-18 BUG_ON, L126 unlock_page";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.lock_page l:
                if (!locked.Add(l.Page))
                {
                    return Fail("lock-locked", $"page {l.Page} locked while already locked");
                }
                break;
            case Call.trylock_page { Acquired: true } l:
                // Reclaim's trylock_page (mm/vmscan.c 4.4.178 L926) takes the lock without sleeping.
                if (!locked.Add(l.Page))
                {
                    return Fail("lock-locked", $"page {l.Page} trylocked while already locked");
                }
                break;
            case Call.ext4_bio_write_page c:
                locked.Add(c.Page); // a sequential case hands over a page locked by its caller
                if (!c.Locked)
                {
                    return Fail("entered-unlocked", $"ext4_bio_write_page entered with page {c.Page} unlocked");
                }
                if (c.Writeback)
                {
                    return Fail("entered-in-writeback", $"ext4_bio_write_page entered with page {c.Page} already under writeback");
                }
                unlocksThisCall[(e.Cpu, c.Page)] = 0;
                if (c.CallerUnlocks) expectedUnlocks[c.Page] = 0; else expectedUnlocks.Remove(c.Page);
                break;
            case Call.unlock_page u:
                if (!locked.Remove(u.Page))
                {
                    return Fail("unlock-unlocked", $"unlock_page on page {u.Page} that is not locked");
                }
                if (unlocksThisCall.TryGetValue((e.Cpu, u.Page), out var n))
                {
                    unlocksThisCall[(e.Cpu, u.Page)] = n + 1;
                }
                break;
            case Call.ext4_bio_write_page_return r:
                var expected = expectedUnlocks.GetValueOrDefault(r.Page, 1);
                if (unlocksThisCall.TryGetValue((e.Cpu, r.Page), out var count) && count != expected)
                {
                    return Fail("unlock-count", $"ext4_bio_write_page returned having unlocked page {r.Page} {count} times");
                }
                unlocksThisCall.Remove((e.Cpu, r.Page));
                break;
        }
        return null;
    }
}
