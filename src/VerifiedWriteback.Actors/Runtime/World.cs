using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Runtime;

/// <summary>How many faults of each kind the scheduler may still inject in this iteration.</summary>
public sealed class FaultBudget(int bioAlloc, int encrypt, int io)
{
    private int bioAlloc = bioAlloc;
    private int encrypt = encrypt;
    private int io = io;

    /// <summary>ext4_encrypt's ctx allocation can only fail when memory is short.</summary>
    public bool Allows(FaultSite site, Machine machine) => site switch
    {
        FaultSite.bio_alloc => bioAlloc > 0,
        FaultSite.ext4_encrypt => encrypt > 0 && machine.MemoryPressure,
        FaultSite.bio_io_error => io > 0,
        _ => false,
    };

    public void Spend(FaultSite site)
    {
        switch (site)
        {
            case FaultSite.bio_alloc: bioAlloc--; break;
            case FaultSite.ext4_encrypt: encrypt--; break;
            case FaultSite.bio_io_error: io--; break;
        }
    }
}

/// <summary>One inode of a scenario with its pages.</summary>
public sealed record InodePages(inode Inode, IReadOnlyList<page> Pages);

/// <summary>
/// The shared memory of one test iteration: the machine, the variant under test, the inodes and
/// their pages, and the actors that stand for the CPUs of the block layer and the workqueues.
/// Built afresh for every iteration, so iterations share nothing.
/// </summary>
public sealed class World
{
    public required IActorRuntime Runtime { get; init; }
    public required Machine Machine { get; init; }
    public required Variant Variant { get; init; }
    public required Scenario Scenario { get; init; }
    public required FaultBudget Faults { get; init; }
    public required IReadOnlyList<InodePages> Files { get; init; }
    public List<ActorId> CompletionCpus { get; } = [];
    public ActorId ConversionWorker { get; set; } = null!;
    public ActorId Encryptor { get; set; } = null!;
}

/// <summary>Forwards every kernel event to the registered monitors, one by one.</summary>
public sealed class MonitorSink(IActorRuntime runtime, IReadOnlyList<Specs.SpecInfo> specs) : IEventSink
{
    public void Observe(KernelEvent e)
    {
        var call = new Specs.KernelCall(e);
        foreach (var spec in specs)
        {
            spec.Notify(runtime, call);
        }
    }
}
