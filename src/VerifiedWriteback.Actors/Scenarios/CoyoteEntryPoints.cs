using Microsoft.Coyote.Actors;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Actors.Scenarios;

/// <summary>
/// Entry points for Coyote's own tool:
///   dotnet coyote test src/VerifiedWriteback.Actors/bin/Release/net10.0/VerifiedWriteback.Actors.dll -m F1_SyncEnomem_Seed -i 1000
///   dotnet coyote replay ... -m F1_SyncEnomem_Seed  TRACE (Coyote's own trace, written with --outdir)
/// One method per finding of the seed, its upstream counterpart, and <see cref="FromEnvironment"/> for any
/// cell: VWB_SCENARIO=name VWB_VARIANT=name dotnet coyote test ... -m FromEnvironment.
/// </summary>
public static class CoyoteEntryPoints
{
    [Test]
    public static void F1_SyncEnomem_Seed(IActorRuntime runtime) => Start(runtime, "sync-enomem", "seed");

    [Test]
    public static void F1_SyncEnomem_Upstream(IActorRuntime runtime) => Start(runtime, "sync-enomem", "4.4-fixed");

    [Test]
    public static void F2_PoolDeadlock_Seed(IActorRuntime runtime) => Start(runtime, "pool-deadlock", "seed");

    [Test]
    public static void F2_PoolDeadlock_Upstream(IActorRuntime runtime) => Start(runtime, "pool-deadlock", "4.4-fixed");

    [Test]
    public static void F3_BioAllocSubpage_Seed(IActorRuntime runtime) => Start(runtime, "bioalloc-subpage", "seed");

    [Test]
    public static void F3_BioAllocSubpage_Upstream(IActorRuntime runtime) => Start(runtime, "bioalloc-subpage", "4.4-fixed");

    [Test]
    public static void F4_BioAllocEncryptSubpage_Seed(IActorRuntime runtime) => Start(runtime, "bioalloc-encrypt-subpage", "seed");

    [Test]
    public static void F4_BioAllocEncryptSubpage_Upstream(IActorRuntime runtime) => Start(runtime, "bioalloc-encrypt-subpage", "4.4-fixed");

    [Test]
    public static void FromEnvironment(IActorRuntime runtime) =>
        Start(runtime, System.Environment.GetEnvironmentVariable("VWB_SCENARIO") ?? "contiguous-pages",
            System.Environment.GetEnvironmentVariable("VWB_VARIANT") ?? "seed");

    private static void Start(IActorRuntime runtime, string scenario, string variant) =>
        Harness.Start(runtime,
            ScenarioCatalog.Find(scenario) ?? throw new ArgumentException($"unknown scenario '{scenario}' (known: {ScenarioCatalog.Names})"),
            VariantCatalog.Find(variant) ?? throw new ArgumentException($"unknown variant '{variant}' (known: {VariantCatalog.Names})"));
}
