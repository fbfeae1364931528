using VerifiedWriteback.Actors.Actors;
using VerifiedWriteback.Actors.Runtime;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Prove;

/// <summary>
/// One run of a scenario under the explorer: the machine and files as <see cref="Harness"/> builds
/// them, a plain <see cref="SpecSuite"/> as the only event sink, and one process per CPU with the
/// actors' names and behaviour: writer0.. (PageWriter), pressure (MemoryPressure), fsync
/// (FsyncCaller), kswapd (Kswapd), completion0.. (CompletionCpu: any idle one takes any queued bio, with -EIO where
/// the budget allows) and kworker (ConversionWorker, FIFO). The crypto engine is no process: the
/// round trip is a voluntary suspension of the encrypting CPU.
/// </summary>
public sealed class KernelModel : IModel
{
    private readonly List<ProveCpu> cpus = [];

    public KernelModel(Scenario scenario, Variant variant, IChooser chooser, RunLimits limits)
    {
        Scenario = scenario;
        Variant = variant;
        Machine = new Machine(scenario.Environment, scenario.PoolReserve) { MemoryPressure = scenario.MemoryPressure };
        Suite = new SpecSuite();
        Machine.Sinks.Add(Suite);
        Faults = new FaultBudget(scenario.BioAllocFaults, scenario.EncryptFaults, scenario.IoErrors);
        Files = Harness.BuildFiles(scenario);
        Execution = new Execution(chooser) { Symmetry = limits.Symmetry, PreemptionBound = limits.Preemptions };

        for (var f = 0; f < scenario.Files; f++)
        {
            var file = f;
            var (cpu, linux) = Cpu($"writer{f}");
            cpu.Proc = Execution.Thread(cpu.Name, () => Writer(linux, file));
        }
        if (scenario.PressureChanges > 0)
        {
            var (cpu, linux) = Cpu("pressure");
            cpu.Proc = Execution.Thread(cpu.Name, () => Pressure(linux));
        }
        if (scenario.Fsync)
        {
            var (cpu, linux) = Cpu("fsync");
            cpu.Proc = Execution.Thread(cpu.Name, () => Fsync(linux, 0));
        }
        if (scenario.ReclaimPage is not null)
        {
            var (cpu, linux) = Cpu("kswapd");
            cpu.Proc = Execution.Thread(cpu.Name, () => Kswapd.Reclaim(linux, Scenario, Files[0]));
        }
        for (var i = 0; i < scenario.CompletionCpus; i++)
        {
            var (cpu, linux) = Cpu($"completion{i}");
            cpu.Proc = Execution.Server(cpu.Name, () => DeviceQueue.Count > 0, () => Complete(cpu, linux), symmetryGroup: 0);
        }
        {
            var (cpu, linux) = Cpu("kworker");
            cpu.Proc = Execution.Server(cpu.Name, () => WorkQueue.Count > 0, () => Convert(linux));
        }
    }

    public static ModelFactory Factory(Scenario scenario, Variant variant) =>
        (chooser, limits) => new KernelModel(scenario, variant, chooser, limits);

    public Scenario Scenario { get; }
    public Variant Variant { get; }
    public Machine Machine { get; }
    public SpecSuite Suite { get; }
    public FaultBudget Faults { get; }
    public IReadOnlyList<InodePages> Files { get; }
    public Execution Execution { get; }

    /// <summary>Submitted bios no completion CPU has taken yet, in submission order.</summary>
    public List<bio> DeviceQueue { get; } = [];

    /// <summary>queue_work requests for the conversion worker, in order.</summary>
    public List<inode> WorkQueue { get; } = [];

    private (ProveCpu Cpu, Linux Linux) Cpu(string name)
    {
        var cpu = new ProveCpu(this, name);
        cpus.Add(cpu);
        return (cpu, new Linux(cpu, Variant));
    }

    /// <summary>The writer's work, shared with the actor: <see cref="PageWriter.Pass"/>.</summary>
    private ValueTask Writer(Linux linux, int f) => PageWriter.Pass(linux, Scenario, Files[f]);

    /// <summary>The environment's work, shared with the actor: <see cref="MemoryPressure.Flip"/>.</summary>
    private ValueTask Pressure(Linux linux) => MemoryPressure.Flip(linux, Scenario.PressureChanges);

    /// <summary>The fsync's work, shared with the actor: <see cref="FsyncCaller.Fsync"/>.</summary>
    private ValueTask Fsync(Linux linux, int f) => FsyncCaller.Fsync(linux, Files[f]);

    /// <summary>As CompletionCpu: take one queued bio (any of them), maybe fail it with -EIO, run bio_endio.</summary>
    private async ValueTask Complete(ProveCpu cpu, Linux linux)
    {
        var i = Execution.Chooser.Choose(DeviceQueue.Count, k => "take:" + DeviceQueue[k]);
        var bio = DeviceQueue[i];
        DeviceQueue.RemoveAt(i);
        var error = cpu.Fault(FaultSite.bio_io_error) ? -Errno.EIO : 0;
        await linux.bio_endio(bio, error);
    }

    /// <summary>As ConversionWorker: the oldest queued work item, ext4_do_flush_completed_IO.</summary>
    private async ValueTask Convert(Linux linux)
    {
        var inode = WorkQueue[0];
        WorkQueue.RemoveAt(0);
        await linux.ext4_do_flush_completed_IO(inode);
    }

    public SpecVerdict? Violation() =>
        Suite.Violation ?? Execution.Crash switch
        {
            { Error: KernelBug bug } => new SpecVerdict("KernelBUG", bug.Message, Machine.Events.Count, Liveness: false),
            { Error: ExplorerEscape escape } => throw escape,
            { Error: var other } => new SpecVerdict("Other", $"{other.GetType().Name}: {other.Message}", Machine.Events.Count, Liveness: false),
            null => null,
        };

    public string? FindingOf(SpecVerdict verdict) => FindingSignatures.Identify(verdict, Machine.Events);

    public SpecVerdict? AtQuiescence()
    {
        var asleep = Execution.Processes.Where(p => p.State == ProcState.Sleeping).ToArray();
        var deadlock = asleep.Length == 0 ? null : "deadlock: " + string.Join(", ", asleep.Select(p => $"{p.Name} sleeps in {p.SleepReason}"));
        if (Suite.OwedAtEnd() is { } owed)
        {
            return deadlock is null ? owed : owed with { Message = $"{owed.Message}; {deadlock}" };
        }
        return deadlock is null ? null : new SpecVerdict("Deadlock", deadlock, null, Liveness: true);
    }

    /// <summary>
    /// The final state: every page's flags, tag, contents and buffers, the disk, the pool, the live
    /// bounce pages, each mapping's AS_EIO, memory pressure, every process's state (the completion
    /// CPUs' as a multiset: they differ only in name), and the verdict.
    /// Bio, io_end and bounce ids and the event log are left out: they name an order, not an outcome.
    /// </summary>
    public ulong StateHash()
    {
        var h = new Fnv64();
        foreach (var file in Files)
        {
            h.Add(file.Inode.i_mapping.AS_EIO);
            h.Add(file.Inode.i_rsv_conversion_list.Count);
            foreach (var page in file.Pages)
            {
                h.Add(page.Id);
                h.Add(page.PG_locked);
                h.Add(page.PG_writeback);
                h.Add(page.PG_dirty);
                h.Add(page.PG_error);
                h.Add(page.PG_private);
                h.Add(page.PG_reclaim);
                h.Add(page.TagTowrite);
                h.Add(page.ZeroedFrom);
                foreach (var v in page.Content)
                {
                    h.Add(v);
                }
                foreach (var bh in page.Buffers)
                {
                    h.Add((long)bh.Flags);
                    h.Add(bh.b_blocknr);
                    h.Add(bh.BH_Uptodate_Lock);
                }
            }
        }
        foreach (var (block, write) in Machine.Disk.Blocks)
        {
            h.Add(block);
            h.Add(write.Version);
            h.Add(write.Ciphertext);
        }
        var pool = Machine.ext4_bounce_page_pool;
        h.Add(pool.curr_nr);
        h.Add(pool.InUse);
        h.Add(Machine.LiveBouncePages.Count);
        h.Add(Machine.MemoryPressure);
        h.Add(DeviceQueue.Count);
        h.Add(WorkQueue.Count);
        foreach (var p in Execution.Processes.Where(p => p.SymmetryGroup is null))
        {
            h.Add((long)p.State);
            h.Add(p.SleepReason);
        }
        // Completion CPUs are interchangeable: their states count as a multiset, not by name.
        foreach (var state in Execution.Processes.Where(p => p.SymmetryGroup is not null).Select(p => (long)p.State).Order())
        {
            h.Add(state);
        }
        h.Add(Violation()?.Spec ?? AtQuiescence()?.Spec);
        return h.Value;
    }
}
