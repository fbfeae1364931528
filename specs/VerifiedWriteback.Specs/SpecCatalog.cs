namespace VerifiedWriteback.Specs;

/// <summary>One specification: its name, what it checks, the kernel rule, whether it is a liveness rule, and how to make one.</summary>
public sealed record SpecInfo(string Name, string Checks, string KernelRule, bool Liveness, Func<Spec> Create);

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
        Make<IoEndLifetime>(false),
        Make<SyncPassWaitsOnWriteback>(false),
        Make<IoErrorReported>(false),
        Make<PageFlagContract>(false),
        Make<EncryptRetryProgress>(true),
        Make<WritebackEventuallyEnds>(true),
        Make<NoDirtyDataLost>(true),
        Make<BouncePageLifetime>(true),
    ];

    public static SpecInfo? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static string Names => string.Join(", ", All.Select(s => s.Name));

    private static SpecInfo Make<T>(bool liveness)
        where T : Spec, new()
    {
        var probe = new T();
        return new SpecInfo(probe.Name, probe.Checks, probe.KernelRule, liveness, () => new T());
    }
}
