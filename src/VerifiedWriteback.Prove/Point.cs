using System.Threading.Tasks.Sources;

namespace VerifiedWriteback.Prove;

/// <summary>A step escaped the explorer: a CPU neither suspended at one of its points nor finished (an await that completed elsewhere).</summary>
public sealed class ExplorerEscape(string message) : Exception(message);

/// <summary>
/// The suspension of one CPU at one of its points: an awaitable that is never completed by anyone
/// but the explorer. Awaiting it stores the continuation here; <see cref="Resume"/> runs it on the
/// caller's thread, so a step of a CPU is a plain synchronous call. Scheduling contexts are
/// ignored on purpose (the explorer, not a context, decides who runs).
/// </summary>
internal sealed class Point : IValueTaskSource
{
    private Action<object?>? continuation;
    private object? state;
    private short token;
    private bool completed;

    public bool Suspended => continuation is not null;

    public ValueTask Wait()
    {
        completed = false;
        return new ValueTask(this, token);
    }

    public void Resume()
    {
        var k = continuation ?? throw new ExplorerEscape("resumed a CPU that is not suspended at a point");
        var s = state;
        continuation = null;
        state = null;
        completed = true;
        k(s);
    }

    public ValueTaskSourceStatus GetStatus(short t) => completed ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;

    public void OnCompleted(Action<object?> k, object? s, short t, ValueTaskSourceOnCompletedFlags flags)
    {
        if (t != token || continuation is not null)
        {
            throw new ExplorerEscape("a point was awaited twice");
        }
        continuation = k;
        state = s;
    }

    public void GetResult(short t)
    {
        if (t != token || !completed)
        {
            throw new ExplorerEscape("a point's result was read before the explorer resumed it");
        }
        completed = false;
        token++;
    }
}
