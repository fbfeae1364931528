using Microsoft.Coyote.Actors;
using VerifiedWriteback.Actors.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Actors.Scenarios;

/// <summary>
/// Builds one iteration of a scenario inside a Coyote runtime: registers the monitors first (an
/// unregistered monitor silently ignores events), builds the machine and the files, then creates
/// the CPUs: completion CPUs, the conversion worker, the crypto engine, the writers.
/// </summary>
public static class Harness
{
    /// <summary>Files are 100 page ids and 10000 blocks apart.</summary>
    public const int PageIdsPerFile = 100;
    public const long BlocksPerFile = 10_000;

    /// <summary>
    /// Starts one iteration. The selected specs (default: all) judge every event in one
    /// <see cref="SpecSuite"/>, bound to Coyote by a <see cref="CoyoteSuiteSink"/> (one temperature monitor).
    /// <paramref name="built"/> receives the world before the first actor exists: creating an actor
    /// is a scheduling point, so under some strategies (PCT) the run, and its bug, can happen
    /// before this method returns.
    /// </summary>
    public static World Start(IActorRuntime runtime, Scenario scenario, Variant variant, IReadOnlyList<SpecInfo>? specs = null, Action<World>? built = null)
    {
        var machine = new Machine(scenario.Environment, scenario.PoolReserve) { MemoryPressure = scenario.MemoryPressure };
        var suite = new SpecSuite(specs);
        machine.Sinks.Add(new CoyoteSuiteSink(runtime, suite));
        var world = new World
        {
            Runtime = runtime,
            Machine = machine,
            Variant = variant,
            Scenario = scenario,
            Faults = new FaultBudget(scenario.BioAllocFaults, scenario.EncryptFaults, scenario.IoErrors),
            Files = BuildFiles(scenario),
            Suite = suite,
        };
        built?.Invoke(world);
        for (var i = 0; i < scenario.CompletionCpus; i++)
        {
            world.CompletionCpus.Add(runtime.CreateActor(typeof(CompletionCpu), $"completion{i}", new Boot(world)));
        }
        world.ConversionWorker = runtime.CreateActor(typeof(ConversionWorker), "kworker", new Boot(world));
        world.Encryptor = runtime.CreateActor(typeof(CryptoEngine), "crypto");
        for (var f = 0; f < scenario.Files; f++)
        {
            runtime.CreateActor(typeof(PageWriter), $"writer{f}", new WriteFile(world, f));
        }
        if (scenario.PressureChanges > 0)
        {
            runtime.CreateActor(typeof(MemoryPressure), "pressure", new Boot(world));
        }
        if (scenario.Fsync)
        {
            runtime.CreateActor(typeof(FsyncCaller), "fsync", new WriteFile(world, 0));
        }
        if (scenario.ReclaimPage is not null)
        {
            runtime.CreateActor(typeof(Kswapd), "kswapd", new WriteFile(world, 0));
        }
        return world;
    }

    public static IReadOnlyList<InodePages> BuildFiles(Scenario scenario)
    {
        scenario.Validate();
        var files = new List<InodePages>();
        for (var f = 0; f < scenario.Files; f++)
        {
            var inode = PageSetup.NewInode(f + 1, scenario.BlockSize, scenario.EffectiveISize, regular: true, scenario.Encryption);
            var pages = new List<page>();
            for (var p = 0; p < scenario.Pages.Count; p++)
            {
                var buffers = scenario.Pages[p].Select(b => b with { Block = b.Block + (f * BlocksPerFile) }).ToArray();
                pages.Add(PageSetup.NewPage(inode, (f * PageIdsPerFile) + p, p, scenario.PageSize, buffers));
            }
            files.Add(new InodePages(inode, pages));
        }
        return files;
    }
}
