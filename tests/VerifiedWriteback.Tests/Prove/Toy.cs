using VerifiedWriteback.Prove;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Prove;

/// <summary>
/// Toy programs for the explorer, whose runs can be counted by hand: threads of a fixed number of
/// steps (each step appends "name.i" to a log when the thread writes the shared log), servers that
/// take items from a shared queue, and an optional violation when the log shows a given order.
/// </summary>
internal sealed class Toy : IModel
{
    private readonly Func<IReadOnlyList<string>, string?>? bad;

    /// <summary>A toy of independent or log-sharing threads with the given step counts.</summary>
    public Toy(IChooser chooser, RunLimits limits, int[] steps, bool sharedLog, Func<IReadOnlyList<string>, string?>? bad = null)
    {
        this.bad = bad;
        Execution = new Execution(chooser) { Symmetry = limits.Symmetry, PreemptionBound = limits.Preemptions };
        for (var t = 0; t < steps.Length; t++)
        {
            var name = ((char)('A' + t)).ToString();
            var n = steps[t];
            Proc self = null!;
            self = Execution.Thread(name, async () =>
            {
                for (var i = 0; i < n; i++)
                {
                    if (sharedLog)
                    {
                        Log.Add($"{name}.{i}");
                    }
                    else
                    {
                        Private.Add($"{name}.{i}");
                    }
                    if (i < n - 1)
                    {
                        await Execution.Yield(self, preemptive: true);
                    }
                }
            });
        }
    }

    public static ModelFactory Threads(int[] steps, bool sharedLog, Func<IReadOnlyList<string>, string?>? bad = null) =>
        (c, l) => new Toy(c, l, steps, sharedLog, bad);

    public Execution Execution { get; }
    public List<string> Log { get; } = [];
    public List<string> Private { get; } = [];
    public List<string> Queue { get; } = [];
    public Proc? Blocked { get; set; }

    public SpecVerdict? Violation() =>
        Execution.Crash is { } crash ? throw crash.Error :
        bad?.Invoke(Log) is { } spec ? new SpecVerdict(spec, string.Join(" ", Log), Log.Count, Liveness: false) : null;

    public SpecVerdict? AtQuiescence() =>
        Execution.Processes.Any(p => p.State == ProcState.Sleeping) ? new SpecVerdict("Deadlock", "asleep", null, Liveness: true) : null;

    public ulong StateHash()
    {
        var h = new Fnv64();
        foreach (var e in Log)
        {
            h.Add(e);
        }
        h.Add(Private.Count);
        return h.Value;
    }
}

/// <summary>
/// A producer putting <c>items</c> into a queue (one per step) and <c>servers</c> identical
/// servers each taking one item per work step and logging which item it took (not which server).
/// </summary>
internal sealed class ToyServers : IModel
{
    public ToyServers(IChooser chooser, RunLimits limits, int items, int servers)
    {
        Execution = new Execution(chooser) { Symmetry = limits.Symmetry, PreemptionBound = limits.Preemptions };
        Proc producer = null!;
        producer = Execution.Thread("producer", async () =>
        {
            for (var i = 0; i < items; i++)
            {
                Queue.Add(i);
                await Execution.Yield(producer, preemptive: true);
            }
        });
        for (var s = 0; s < servers; s++)
        {
            Execution.Server($"server{s}", () => Queue.Count > 0, () =>
            {
                var k = Execution.Chooser.Choose(Queue.Count, j => $"take:{Queue[j]}");
                Log.Add(Queue[k]);
                Queue.RemoveAt(k);
                return ValueTask.CompletedTask;
            }, symmetryGroup: 0);
        }
    }

    public Execution Execution { get; }
    public List<int> Queue { get; } = [];
    public List<int> Log { get; } = [];

    public SpecVerdict? Violation() => Execution.Crash is { } crash ? throw crash.Error : null;

    public SpecVerdict? AtQuiescence() => null;

    public ulong StateHash()
    {
        var h = new Fnv64();
        foreach (var e in Log)
        {
            h.Add(e);
        }
        return h.Value;
    }
}
