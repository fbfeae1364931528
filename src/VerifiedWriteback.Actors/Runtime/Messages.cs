using Microsoft.Coyote.Actors;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Actors.Runtime;

/// <summary>Hands an actor the shared machine it runs on.</summary>
public sealed class Boot(World world) : Event
{
    public World World { get; } = world;
}

/// <summary>submit_bio: a bio reaches a completion CPU's queue.</summary>
public sealed class BioSubmitted(bio bio) : Event
{
    public bio Bio { get; } = bio;
}

/// <summary>A completion CPU takes the next bio (any of its queue: the scheduler picks).</summary>
public sealed class CompleteOne : Event;

/// <summary>queue_work on the conversion workqueue.</summary>
public sealed class WorkQueued(inode inode) : Event
{
    public inode Inode { get; } = inode;
}

/// <summary>wake_up_all on a wait queue the receiver sleeps on.</summary>
public sealed class WakeUp(wait_queue_head_t queue) : Event
{
    public wait_queue_head_t Queue { get; } = queue;
}

/// <summary>A request to the crypto engine, answered by <see cref="CryptoDone"/>.</summary>
public sealed class CryptoRequest(ActorId requester) : Event
{
    public ActorId Requester { get; } = requester;
}

public sealed class CryptoDone : Event;
