using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// The generator of vwb cases: every input of ext4_bio_write_page, drawn in the order the kernel
/// fixes them (page and block size, encryption, buffers, i_size, the open bio, the wbc, faults).
/// </summary>
public static class CaseGen
{
    /// <summary>Blocks of the open bio's earlier page when it does not continue into this page.</summary>
    public const long FarAwayOffset = 100_000;

    public static Gen<WritePageCase> Cases(CaseProfile profile) => Cases(profile, profile.Weights);

    public static Gen<WritePageCase> Cases(CaseProfile profile, CaseWeights w) =>
        from pageSize in GeometryGen.PageSize
        from encryption in Gen.Frequency(
            (w.NoEncryption, Gen.Constant(EncryptionMode.None)),
            (w.Software, Gen.Constant(EncryptionMode.Software)),
            (w.Hardware, Gen.Constant(EncryptionMode.Hardware)))
        from blockSize in BlockSizeFor(profile, w, pageSize, encryption)
        let n = pageSize / blockSize
        from flags in BufferFlagsGen.Any.ArrayOf(n)
        from blocks in BlockLayoutGen.Blocks(n, w)
        from len in GeometryGen.Len(pageSize, blockSize)
        from openBio in OpenBio(blocks)
        from syncAll in Gen.Frequency((w.SyncNone, Gen.Constant(false)), (w.SyncAll, Gen.Constant(true)))
        from keepTowrite in Gen.Frequency((7, Gen.Constant(false)), (3, Gen.Constant(true)))
        from regular in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from encryptFaults in encryption == EncryptionMode.Software
            ? FaultPlanGen.Plan(w.EncryptPlanEmpty, w.EncryptPlanFailing, 3, 60)
            : FaultPlanGen.Plan(9, 1, 2, 50)
        from bioAllocFaults in profile.Adversarial
            ? Gen.Frequency(
                (w.BioAllocPlanEmpty + w.BioAllocPlanFailing, FaultPlanGen.Plan(w.BioAllocPlanEmpty, w.BioAllocPlanFailing, 4, 40)),
                (w.BioAllocPlanFailsLater, FaultPlanGen.FailsLater(3)))
            : Gen.Constant(Array.Empty<bool>())
        from ioFaults in FaultPlanGen.Plan(3, 1, 3, 50)
        from completeBios in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new WritePageCase
        {
            Variant = profile.Variant,
            PageSize = pageSize,
            BlockSize = blockSize,
            Len = len,
            Encryption = encryption,
            Regular = regular,
            SyncAll = syncAll,
            KeepTowrite = keepTowrite,
            Buffers = flags.Select((f, i) => new BufferState(f.Dirty, f.Mapped, f.Uptodate, f.New, f.Delay, f.Unwritten, blocks[i])).ToArray(),
            OpenBioNextBlock = openBio,
            EncryptFaults = encryptFaults,
            BioAllocFaults = bioAllocFaults,
            IoFaults = ioFaults,
            CompleteBios = completeBios,
        };

    /// <summary>Encrypted inodes need blockSize == pageSize in 4.4; the adversarial profile also draws smaller blocks.</summary>
    private static Gen<int> BlockSizeFor(CaseProfile profile, CaseWeights w, int pageSize, EncryptionMode encryption) =>
        encryption == EncryptionMode.None ? GeometryGen.BlockSize(pageSize)
        : !profile.Adversarial ? Gen.Constant(pageSize)
        : Gen.Frequency((w.FullPageEncryptedBlocks, Gen.Constant(pageSize)), (w.SubPageEncryptedBlocks, GeometryGen.BlockSize(pageSize).Where(b => b < pageSize)));

    /// <summary>
    /// No open bio, or one whose next block is the first buffer's (this page continues it), another
    /// buffer's, or far away. The earlier page's blocks lie just below nextBlock.
    /// </summary>
    private static Gen<long?> OpenBio(long[] blocks) => Gen.Frequency(
        (10, Gen.Constant<long?>(null)),
        (5, Gen.Constant<long?>(blocks[0])),
        (2, Gen.Elements(blocks).Select(b => (long?)b)),
        (3, Gen.Constant<long?>(blocks.Max() + FarAwayOffset)));
}
