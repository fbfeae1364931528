using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// Whole actor scenarios for Coyote: 1-3 pages of kernel-typical buffers (the same flag weights
/// as the case generator), contiguous or scattered blocks, i_size anywhere in the last page,
/// encryption, sync mode, keep_towrite, unwritten extents, a small bounce pool with or without
/// memory pressure, small fault budgets, one or two completion CPUs, one or two files, an fsync.
/// Only shapes the faithful 4.4 environment allows, unless a bio_alloc fault or sub-page
/// encryption is drawn, which makes the scenario adversarial.
/// </summary>
public static class ActorScenarioGen
{
    private const int PageSize = 4096;

    public static Gen<Scenario> Any { get; } =
        from blockSize in Gen.Elements(1024, 2048, 4096)
        from pageCount in Gen.Choose(1, 3)
        from pages in Gen.ArrayOf(Page(blockSize), pageCount)
        from tail in Gen.Choose(1, PageSize)
        from encryption in Gen.Elements(EncryptionMode.None, EncryptionMode.None, EncryptionMode.Software, EncryptionMode.Hardware)
        from syncAll in Gen.Elements(false, false, true)
        from keepTowrite in Gen.Elements(false, false, true)
        from unwritten in Gen.Elements(false, false, true)
        from reserve in Gen.Choose(1, 4)
        from pressure in Gen.Elements(false, true)
        from pressureChanges in Gen.Elements(0, 0, 1, 2)
        from encryptFaults in Gen.Choose(0, 1)
        from bioAllocFaults in Gen.Elements(0, 0, 0, 1)
        from ioErrors in Gen.Choose(0, 1)
        from completions in Gen.Choose(1, 2)
        from files in Gen.Elements(1, 1, 2)
        from fsync in Gen.Elements(false, false, true)
        let adversarial = bioAllocFaults > 0 || (encryption == EncryptionMode.Software && blockSize < PageSize)
        select new Scenario
        {
            Name = "generated",
            Description = "drawn by ActorScenarioGen",
            BlockSize = blockSize,
            Pages = Relocate(pages),
            ISize = ((long)(pageCount - 1) * PageSize) + tail,
            Encryption = encryption,
            SyncAll = syncAll,
            JournalCommit = syncAll && keepTowrite,
            Unwritten = unwritten,
            PoolReserve = reserve,
            MemoryPressure = pressure,
            PressureChanges = pressureChanges,
            EncryptFaults = encryptFaults,
            BioAllocFaults = bioAllocFaults,
            IoErrors = ioErrors,
            CompletionCpus = completions,
            Files = files,
            Fsync = fsync,
            Environment = adversarial ? EnvironmentAssumptions.Adversarial : EnvironmentAssumptions.Faithful,
        };

    public static Arbitrary<Scenario> Arbitrary => Arb.From(Any);

    private static Gen<IReadOnlyList<BufferState>> Page(int blockSize) =>
        from flags in Gen.ArrayOf(BufferFlagsGen.Any, PageSize / blockSize)
        from scattered in Gen.Elements(false, false, true)
        select (IReadOnlyList<BufferState>)flags
            .Select((f, i) => new BufferState(f.Dirty, f.Mapped, f.Uptodate, f.New, f.Delay, f.Unwritten, scattered ? i * 7 : i))
            .ToArray();

    /// <summary>Gives each page its own block range (pages follow each other on disk) so no two buffers share a block.</summary>
    private static IReadOnlyList<IReadOnlyList<BufferState>> Relocate(IReadOnlyList<BufferState>[] pages) =>
        pages.Select((p, n) => (IReadOnlyList<BufferState>)p.Select(b => b with { Block = 100 + (n * 64) + b.Block }).ToArray()).ToArray();
}
