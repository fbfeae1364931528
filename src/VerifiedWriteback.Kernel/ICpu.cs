namespace VerifiedWriteback.Kernel;

/// <summary>Places where the model may inject a failure, each a real failing call of the kernel.</summary>
public enum FaultSite
{
    /// <summary>bio_alloc(GFP_NOIO) in io_submit_init_bio returns NULL (adversarial only).</summary>
    bio_alloc,
    /// <summary>ext4_encrypt fails with -ENOMEM (its crypto ctx allocation under memory pressure).</summary>
    ext4_encrypt,
    /// <summary>The device completes a bio with -EIO.</summary>
    bio_io_error,
}

/// <summary>
/// The context a kernel function runs in: one CPU of the model. The same ext4 code runs in three
/// ways. Sequentially every point returns at once and faults come from a fixed plan; under Coyote
/// <see cref="InterleaveAsync"/> is a scheduling point, sleeping is waiting for an actor message and
/// faults are the scheduler's choices; under a search (one thread) every point may suspend this
/// CPU while another runs. Every point where another CPU may run is an awaited call here, so the
/// kernel functions are async and a scheduler can stop a CPU at any of them.
/// </summary>
public interface ICpu
{
    /// <summary>Name shown in events and timelines: "writer0", "completion1", ...</summary>
    string Name { get; }

    Machine Machine { get; }

    /// <summary>Another CPU may observe or change shared state here.</summary>
    ValueTask InterleaveAsync(string where);

    /// <summary>Sleep on <paramref name="wq"/> until woken (the caller re-checks its condition).</summary>
    ValueTask SleepAsync(wait_queue_head_t wq, string why);

    /// <summary>wake_up_all's wake of one <paramref name="sleeper"/> on <paramref name="wq"/>; another CPU may run here.</summary>
    ValueTask WakeAsync(ICpu sleeper, wait_queue_head_t wq);

    /// <summary>Whether the call at <paramref name="site"/> fails this time.</summary>
    bool Fault(FaultSite site);

    /// <summary>submit_bio: hand the bio to the block device; another CPU may run here.</summary>
    ValueTask SubmitBioAsync(bio bio);

    /// <summary>queue_work(rsv_conversion_wq, &amp;ei->i_rsv_conversion_work): run the conversion worker for the inode.</summary>
    ValueTask QueueWorkAsync(inode inode);

    /// <summary>ext4_page_crypto's wait_for_completion on the crypto engine: others run meanwhile.</summary>
    ValueTask CryptoRoundTripAsync();

    /// <summary>congestion_wait(BLK_RW_ASYNC, HZ/50): a short sleep that lets others run.</summary>
    ValueTask CongestionWaitAsync();
}
