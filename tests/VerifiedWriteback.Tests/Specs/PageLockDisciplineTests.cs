using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>PageLockDiscipline: entered locked and not under writeback; unlocked exactly once; never unlocked when unlocked.</summary>
public sealed class PageLockDisciplineTests
{
    private const string Spec = "PageLockDiscipline";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);

    /// <summary>The body of a one-buffer call that submits its buffer, up to (not including) unlock_page.</summary>
    private static EventScript Submit(EventScript s) => s
        .set_page_writeback(1).ClearPageError(1)
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100);

    /// <summary>
    /// A writeback pass that calls ext4_bio_write_page without taking the page lock (lock_page
    /// skipped, e.g. a retry after dropping the lock to wait on writeback). Seed L17 BUG_ON.
    /// </summary>
    private static EventScript EnterUnlocked(bool bug) =>
        Submit(new EventScript()
            .If(!bug, s => s.lock_page(1))
            .ext4_bio_write_page(1, locked: !bug).Bug())
        .Leave(1);

    [Fact]
    public void Fires_when_ext4_bio_write_page_is_entered_with_the_page_unlocked() =>
        SpecRun.Fires(Spec, EnterUnlocked(bug: true), "ext4_bio_write_page entered with page 1 unlocked");

    [Fact]
    public void Silent_when_the_pass_locks_the_page_first() =>
        SpecRun.Silent(Spec, EnterUnlocked(bug: false));

    /// <summary>
    /// A background pass that does not skip a page still under writeback from an earlier pass
    /// (write_cache_pages' PageWriteback check dropped). Seed L18 BUG_ON. The fix: the earlier
    /// bio completed (the pass waited or came back later).
    /// </summary>
    private static EventScript EnterUnderWriteback(bool bug) =>
        Submit(new EventScript().lock_page(1).ext4_bio_write_page(1))
        .Leave(1)
        .submit_bio(Bio1)
        .If(!bug, s => s.Complete(Bio1))
        .lock_page(1)
        .ext4_bio_write_page(1, writeback: bug).Bug();

    [Fact]
    public void Fires_when_ext4_bio_write_page_is_entered_with_the_page_under_writeback() =>
        SpecRun.Fires(Spec, EnterUnderWriteback(bug: true), "ext4_bio_write_page entered with page 1 already under writeback");

    [Fact]
    public void Silent_when_the_earlier_writeback_ended_first() =>
        SpecRun.Silent(Spec, EnterUnderWriteback(bug: false));

    /// <summary>
    /// An error path that unlocks the page itself and then falls through to the common exit, which
    /// unlocks it again (seed L126 reached twice). Encryption failed, nothing was submitted.
    /// </summary>
    private static EventScript ErrorPathUnlocksTwice(bool bug) => new EventScript()
        .lock_page(1)
        .ext4_bio_write_page(1, encryption: "software").set_page_writeback(1).ClearPageError(1)
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt_fails(1)
        .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
        .If(bug, s => s.unlock_page(1))
        .unlock_page(1).Bug()
        .end_page_writeback(1)
        .ext4_bio_write_page_return(1, -12);

    [Fact]
    public void Fires_when_the_page_is_unlocked_twice() =>
        SpecRun.Fires(Spec, ErrorPathUnlocksTwice(bug: true), "unlock_page on page 1 that is not locked");

    [Fact]
    public void Silent_when_the_error_path_unlocks_once() =>
        SpecRun.Silent(Spec, ErrorPathUnlocksTwice(bug: false));

    /// <summary>
    /// H2's early return after an encryption failure (before a54aa7610861) with the unlock_page
    /// forgotten too: the caller gets the page back locked and every later lock_page sleeps forever.
    /// </summary>
    private static EventScript EarlyReturnKeepsLock(bool bug) => new EventScript()
        .lock_page(1)
        .ext4_bio_write_page(1, encryption: "software").set_page_writeback(1).ClearPageError(1)
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt_fails(1)
        .redirty_page_for_writepage(1)
        .If(!bug, s => s.unlock_page(1))
        .ext4_bio_write_page_return(1, -12).Bug();

    [Fact]
    public void Fires_when_ext4_bio_write_page_returns_without_unlocking() =>
        SpecRun.Fires(Spec, EarlyReturnKeepsLock(bug: true), "ext4_bio_write_page returned having unlocked page 1 0 times");

    [Fact]
    public void Silent_when_the_early_return_unlocks() =>
        SpecRun.Silent(Spec, EarlyReturnKeepsLock(bug: false));

    /// <summary>
    /// A pass that retries a page after ext4_bio_write_page returned an error and locks it again
    /// although the failed call left it locked (the same missing unlock_page seen from the caller).
    /// </summary>
    private static EventScript RelockWithoutUnlock(bool bug) => new EventScript()
        .lock_page(1)
        .ext4_bio_write_page(1, encryption: "software").set_page_writeback(1).ClearPageError(1)
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt_fails(1)
        .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
        .If(!bug, s => s.unlock_page(1))
        .end_page_writeback(1)
        .lock_page(1).Bug();

    [Fact]
    public void Fires_when_a_locked_page_is_locked_again() =>
        SpecRun.Fires(Spec, RelockWithoutUnlock(bug: true), "page 1 locked while already locked");

    [Fact]
    public void Silent_when_the_page_was_unlocked_before_the_retry_locks_it() =>
        SpecRun.Silent(Spec, RelockWithoutUnlock(bug: false));

    [Fact]
    public void Silent_when_another_cpu_locks_and_unlocks_the_page_between_the_calls_unlock_and_its_return() =>
        // Found by vwb prove in fsync-race: the flusher's pass locks the page fsync's call just
        // unlocked, finds it under writeback and lets it go, before fsync's call returns. The
        // call itself unlocked the page once (seed L126); the other CPU's unlock is not the call's.
        SpecRun.Silent(Spec, new EventScript().On("fsync")
            .Enter(1).set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
            .unlock_page(1)
            .On("writer0").lock_page(1).unlock_page(1)
            .On("fsync").ext4_bio_write_page_return(1));

    /// <summary>
    /// Reclaim takes the page lock with trylock_page (4.4.178 mm/vmscan.c L926) and pageout's
    /// ext4_writepage unlocks it: a successful trylock counts as taking the lock; a failed one takes
    /// nothing, so an unlock after it is of an unlocked page.
    /// </summary>
    [Fact]
    public void Silent_when_reclaim_trylocks_the_page_and_the_call_unlocks_it() =>
        SpecRun.Silent(Spec, Submit(new EventScript().Add(new Call.trylock_page(1, Acquired: true)).ext4_bio_write_page(1)).Leave(1));

    [Fact]
    public void Fires_when_the_page_is_unlocked_after_a_failed_trylock() =>
        SpecRun.Fires(Spec, new EventScript().Add(new Call.trylock_page(1, Acquired: false)).unlock_page(1).Bug(), "unlock_page on page 1 that is not locked", "unlock-unlocked");

    [Fact]
    public void Fires_when_a_page_already_locked_is_trylocked_successfully() =>
        SpecRun.Fires(Spec, new EventScript().lock_page(1).Add(new Call.trylock_page(1, Acquired: true)).Bug(), "page 1 trylocked while already locked", "lock-locked");
}
