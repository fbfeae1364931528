namespace VerifiedWriteback.Kernel;

/// <summary>wait_queue_head_t: who sleeps on it, in the order they went to sleep.</summary>
public sealed class wait_queue_head_t(string name)
{
    public string Name { get; } = name;
    public List<ICpu> Sleepers { get; } = [];
}

/// <summary>
/// mempool_t (mm/mempool.c): a reserve of min_nr preallocated elements in front of the page
/// allocator. Here the elements are bounce pages (ext4_bounce_page_pool, 32 reserved in 4.4).
/// </summary>
public sealed class mempool_t(string name, int min_nr)
{
    public string Name { get; } = name;
    public int min_nr { get; } = min_nr;
    /// <summary>Elements currently in the reserve.</summary>
    public int curr_nr { get; set; } = min_nr;
    public wait_queue_head_t wait { get; } = new(name + ".wait");
    /// <summary>Elements handed out and not yet freed, from the reserve or from the allocator.</summary>
    public int InUse { get; set; }
}
