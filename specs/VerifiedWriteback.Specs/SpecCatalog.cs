using Microsoft.Coyote.Runtime;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>One specification: its name, what it checks, and how to register and feed it.</summary>
public sealed record SpecInfo(string Name, Type Type, string Checks, string KernelRule, bool Liveness,
    Action<ICoyoteRuntime> Register, Action<ICoyoteRuntime, KernelCall> Notify)
{
    public SpecMonitor CreateDetached() => (SpecMonitor)Activator.CreateInstance(Type)!;
}

/// <summary>Every specification, in a fixed order (liveness specs last, so safety names the bug first, and a hang is named before what it strands).</summary>
public static class SpecCatalog
{
    public static IReadOnlyList<SpecInfo> All { get; } =
    [
        Make<WritebackEndsOnce>(false),
        Make<NoEarlyWritebackEnd>(false),
        Make<PageLockDiscipline>(false),
        Make<TailZeroed>(false),
        Make<BioContiguity>(false),
        Make<NoPlaintextOnDisk>(false),
        Make<SyncIntegrity>(false),
        Make<UnwrittenConvertedBeforeEnd>(false),
        Make<WritebackEventuallyEnds>(true),
        Make<NoDirtyDataLost>(true),
        Make<BouncePageLifetime>(true),
    ];

    public static SpecInfo? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static string Names => string.Join(", ", All.Select(s => s.Name));

    private static SpecInfo Make<T>(bool liveness)
        where T : SpecMonitor, new()
    {
        var probe = new T();
        return new SpecInfo(typeof(T).Name, typeof(T), probe.Checks, probe.KernelRule, liveness,
            runtime => runtime.RegisterMonitor<T>(),
            (runtime, e) => runtime.Monitor<T>(e));
    }

    /// <summary>
    /// Runs the specs over a finished list of events without Coyote: the first violation, or the
    /// first obligation still owed at the end. Used for sequential runs and for explaining traces.
    /// </summary>
    public static (string Spec, string Message)? Check(IEnumerable<KernelEvent> events, IEnumerable<SpecInfo>? specs = null)
    {
        var monitors = (specs ?? All).Select(s => s.CreateDetached()).ToArray();
        foreach (var e in events)
        {
            foreach (var m in monitors)
            {
                if (m.Observe(e) is { } violation)
                {
                    return (m.SpecName, $"{violation} (at event {e.Seq})");
                }
            }
        }
        foreach (var m in monitors)
        {
            if (m.Owed is { } owed)
            {
                return (m.SpecName, "liveness: " + owed);
            }
        }
        return null;
    }
}
