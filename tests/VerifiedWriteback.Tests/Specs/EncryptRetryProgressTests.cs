namespace VerifiedWriteback.Tests.Specs;

/// <summary>EncryptRetryProgress (liveness): after a failed encryption the call returns; a retry never waits for ever.</summary>
public sealed class EncryptRetryProgressTests
{
    private const string Spec = "EncryptRetryProgress";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100, bounce: true);

    /// <summary>
    /// WB_SYNC_ALL writeback of a software-encrypted page; the first ext4_encrypt fails with
    /// -ENOMEM and the call retries. A retry that sleeps in mempool_alloc for bounce pages its own
    /// unsubmitted bio holds never returns; the retry that can proceed encrypts and returns.
    /// </summary>
    private static EventScript Retry(bool hangs)
    {
        var s = new EventScript().Enter(1, syncAll: true, encryption: "software").set_buffer_async_write(1, 0, 100)
            .ext4_encrypt_fails(1).congestion_wait();
        return hangs
            ? s.mempool_alloc_sleeps()
            : s.ext4_encrypt(1, 1001).io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).clear_buffer_dirty(1, 0, 100).Leave(1);
    }

    [Fact]
    public void Fires_liveness_when_the_encryption_retry_never_completes() =>
        SpecRun.FiresLiveness(Spec, Retry(hangs: true), "after a failed encryption the call never returned: page 1 on writer0", kind: "retry-never-completes");

    [Fact]
    public void Silent_when_the_retry_encrypts_and_the_call_returns() =>
        SpecRun.Silent(Spec, Retry(hangs: false));

    [Fact]
    public void Silent_when_a_background_write_gives_up_and_returns() =>
        SpecRun.Silent(Spec, new EventScript().Enter(1, encryption: "software").set_buffer_async_write(1, 0, 100)
            .ext4_encrypt_fails(1).redirty_page_for_writepage(1).clear_buffer_async_write(1, 0, 100).unlock_page(1).end_page_writeback(1)
            .ext4_bio_write_page_return(1, -12));
}
