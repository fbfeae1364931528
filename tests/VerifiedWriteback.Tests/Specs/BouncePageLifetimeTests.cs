namespace VerifiedWriteback.Tests.Specs;

/// <summary>BouncePageLifetime: each bounce page freed exactly once, never while a bio references it, none leaked.</summary>
public sealed class BouncePageLifetimeTests
{
    private const string Spec = "BouncePageLifetime";

    private static readonly BioShape First = BioShape.Of(1, page: 1, block: 100, blockSize: 1024, bounce: true);

    /// <summary>
    /// F4 (adversarial: fallible bio_alloc, software encryption on 1K blocks): page 1 of 4 x 1K
    /// buffers on blocks 100, 200, 201, 202, encrypted into bounce page 1001. bh0's bio is submitted
    /// when bh1 is not contiguous, then bio_alloc fails for bh1, and the error path frees the bounce
    /// page (seed L117-118) while the submitted bio still points at it. The fix leaves the bounce
    /// page to the completion of the bio that holds it.
    /// </summary>
    private static EventScript ErrorPathAfterASubmittedBio(bool freesInErrorPath)
    {
        var s = new EventScript()
            .Enter(1, encryption: "software")
            .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 200)
            .set_buffer_async_write(1, 2, 201).set_buffer_async_write(1, 3, 202)
            .ext4_encrypt(1, bounce: 1001)
            .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
            .submit_bio(First)
            .io_submit_add_bh_fails(1, 1, 200)
            .If(freesInErrorPath, x => x.ext4_restore_control_page(1, 1001).Bug());
        return s
            .redirty_page_for_writepage(1)
            .clear_buffer_async_write(1, 1, 200).clear_buffer_async_write(1, 2, 201).clear_buffer_async_write(1, 3, 202)
            .Leave(1, ret: -12)
            .Complete(First, bounce: 1001);
    }

    [Fact]
    public void Fires_when_the_error_path_frees_a_bounce_page_a_submitted_bio_holds() =>
        SpecRun.Fires(Spec, ErrorPathAfterASubmittedBio(freesInErrorPath: true),
            "bounce page 1001 of page 1 freed while bio#1 still references it (use after free)");

    [Fact]
    public void Silent_when_the_completion_of_the_bio_frees_the_bounce_page() =>
        SpecRun.Silent(Spec, ErrorPathAfterASubmittedBio(freesInErrorPath: false));

    [Fact]
    public void Silent_when_a_bounce_page_is_freed_while_another_pages_bounce_page_is_in_flight()
    {
        // Pages 1 and 2, encrypted into bounce pages 1001 and 1002, in two bios: the first
        // completion frees 1001 while bio#2, holding only 1002, is still in flight.
        var bio1 = BioShape.Of(1, page: 1, block: 100, bounce: true);
        var bio2 = BioShape.Of(2, page: 2, block: 300, bounce: true);
        SpecRun.Silent(Spec, new EventScript()
            .Enter(1, encryption: "software").set_buffer_async_write(1, 0, 100).ext4_encrypt(1, bounce: 1001)
            .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100).Leave(1)
            .Enter(2, encryption: "software").set_buffer_async_write(2, 0, 300).ext4_encrypt(2, bounce: 1002)
            .submit_bio(bio1)
            .io_submit_add_bh(2, 0, 300, bio: 2, bounce: 1002).clear_buffer_dirty(2, 0, 300).Leave(2)
            .submit_bio(bio2)
            .Complete(bio1, bounce: 1001)
            .Complete(bio2, bounce: 1002));
    }

    private static readonly BioShape Left = BioShape.Of(1, page: 1, block: 100, firstBh: 0, blockSize: 2048, bounce: true);
    private static readonly BioShape Right = BioShape.Of(2, page: 1, block: 300, firstBh: 1, blockSize: 2048, bounce: true);

    /// <summary>
    /// H4 with software encryption on 2K blocks: both bios of page 1 complete at once without
    /// BH_Uptodate_Lock; each counts the other buffer as done, and both restore the bounce page.
    /// With the lock, only the last completion frees it.
    /// </summary>
    private static EventScript TwoCompletionsRace(bool bothFree) => new EventScript()
        .Enter(1, encryption: "software")
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 300)
        .ext4_encrypt(1, bounce: 1001)
        .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100, blockSize: 2048)
        .submit_bio(Left)
        .io_submit_add_bh(1, 1, 300, bio: 2, bounce: 1001).clear_buffer_dirty(1, 1, 300, blockSize: 2048)
        .Leave(1)
        .submit_bio(Right)
        .On("completion0").bio_endio(Left).ext4_end_bio(Left).ext4_finish_bio(Left)
        .On("completion1").bio_endio(Right).ext4_end_bio(Right).ext4_finish_bio(Right)
        .On("completion0").clear_buffer_async_write(1, 0, 100)
        .On("completion1").clear_buffer_async_write(1, 1, 300)
        .If(bothFree, s => s.On("completion0").ext4_restore_control_page(1, 1001).end_page_writeback(1))
        .On("completion1").ext4_restore_control_page(1, 1001).Bug().end_page_writeback(1);

    [Fact]
    public void Fires_when_a_bounce_page_is_freed_twice() =>
        SpecRun.Fires(Spec, TwoCompletionsRace(bothFree: true), "bounce page 1001 of page 1 freed twice");

    [Fact]
    public void Silent_when_only_the_last_completion_frees_the_bounce_page() =>
        SpecRun.Silent(Spec, TwoCompletionsRace(bothFree: false));

    /// <summary>
    /// Encryption succeeded, then io_submit_add_bh fails on the only buffer; an error path without
    /// ext4_restore_control_page (seed L117-118 missing) leaks the bounce page from the 32-page pool.
    /// </summary>
    private static EventScript NothingSubmitted(bool frees) => new EventScript()
        .Enter(1, encryption: "software")
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt(1, bounce: 1001)
        .io_submit_add_bh_fails(1, 0, 100)
        .If(frees, s => s.ext4_restore_control_page(1, 1001))
        .redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100)
        .unlock_page(1).end_page_writeback(1).ext4_bio_write_page_return(1, -12);

    [Fact]
    public void Fires_liveness_when_the_error_path_leaks_the_bounce_page() =>
        SpecRun.FiresLiveness(Spec, NothingSubmitted(frees: false), "bounce page(s) 1001 never freed");

    [Fact]
    public void Silent_when_the_error_path_frees_the_unused_bounce_page() =>
        SpecRun.Silent(Spec, NothingSubmitted(frees: true));
}
