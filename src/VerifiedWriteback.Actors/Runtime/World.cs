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

    /// <summary>The specs judging this iteration's events.</summary>
    public required Specs.SpecSuite Suite { get; init; }

    /// <summary>The first exception an actor did not handle (a kernel BUG, or a fault of the tool).</summary>
    public Exception? Crash { get; set; }

    /// <summary>
    /// How the iteration ended, from the model's own records rather than the report text: the spec
    /// that fired, else a kernel BUG (or another crash), else the spec that still owes something.
    /// Null when nothing on the model's side explains a reported bug (a deadlock with nothing owed).
    /// </summary>
    public Specs.SpecVerdict? Verdict =>
        Suite.Violation
        ?? Crash switch
        {
            KernelBug bug => new Specs.SpecVerdict("KernelBUG", bug.Message, Machine.Events.Count, Liveness: false),
            { } other => new Specs.SpecVerdict("Other", $"{other.GetType().Name}: {other.Message}", Machine.Events.Count, Liveness: false),
            null => Suite.OwedAtEnd(),
        };
}
