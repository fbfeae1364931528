namespace VerifiedWriteback.Kernel;

/// <summary>
/// What the environment is assumed to guarantee. The faithful environment holds the 4.4 facts
/// (docs/KERNEL-MODEL.md, "Environment assumptions"); the adversarial one drops them, and a finding says which it needs.
/// </summary>
public sealed record EnvironmentAssumptions(bool BioAllocMayFail, bool SubPageEncryption)
{
    public static EnvironmentAssumptions Faithful { get; } = new(false, false);
    public static EnvironmentAssumptions Adversarial { get; } = new(true, true);
    public string Name => this == Faithful ? "faithful" : this == Adversarial ? "adversarial" : "custom";
}

/// <summary>
/// The shared memory of the modelled machine: the disk, the bounce-page pool, the allocator's
/// memory pressure, the event log, and the id counters that keep every run reproducible.
/// </summary>
public sealed class Machine
{
    public const int BOUNCE_POOL_RESERVE_4_4 = 32;
    public const int BIO_MAX_PAGES = 256;

    public Machine(EnvironmentAssumptions environment, int bouncePoolReserve = BOUNCE_POOL_RESERVE_4_4, int bioMaxVecs = BIO_MAX_PAGES)
    {
        Environment = environment;
        ext4_bounce_page_pool = new mempool_t("ext4_bounce_page_pool", bouncePoolReserve);
        BioMaxVecs = bioMaxVecs;
    }

    public EnvironmentAssumptions Environment { get; }
    public Disk Disk { get; } = new();
    public mempool_t ext4_bounce_page_pool { get; }
    /// <summary>Under pressure the page allocator fails without reclaim: only mempool reserves remain.</summary>
    public bool MemoryPressure { get; set; }
    public int BioMaxVecs { get; }

    public List<KernelEvent> Events { get; } = [];
    public List<IEventSink> Sinks { get; } = [];

    /// <summary>Bounce pages handed out and not yet freed, by id (for leak and use-after-free checks).</summary>
    public SortedDictionary<int, page> LiveBouncePages { get; } = [];

    private int nextBio = 1;
    private int nextBounce = 1;
    private int nextIoEnd = 1;
    private int nextCtx = 1;

    public int NewBioId() => nextBio++;
    public int NewBouncePageId() => 1000 + nextBounce++;
    public int NewIoEndId() => nextIoEnd++;
    public int NewCtxId() => nextCtx++;

    /// <summary>Record an event and hand it to every sink.</summary>
    public void Trace(ICpu cpu, KernelEvent e)
    {
        var recorded = e with { Seq = Events.Count + 1, Cpu = cpu.Name };
        Events.Add(recorded);
        foreach (var sink in Sinks)
        {
            sink.Observe(recorded);
        }
    }
}
