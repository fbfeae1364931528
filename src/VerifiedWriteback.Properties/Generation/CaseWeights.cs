namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// The relative weights of the case generator's choices. <see cref="Kernel"/> leans toward what
/// ext4 really hands to ext4_bio_write_page; <see cref="FindingProne"/> leans toward the rare
/// corners where the seed's findings live (software encryption, sub-page blocks, failing calls,
/// discontiguous blocks) so that those corners get hundreds of cases, not a handful.
/// </summary>
public sealed record CaseWeights(
    int NoEncryption, int Software, int Hardware,
    int SubPageEncryptedBlocks, int FullPageEncryptedBlocks,
    int Contiguous, int Discontiguous, int Descending,
    int EncryptPlanEmpty, int EncryptPlanFailing,
    int BioAllocPlanEmpty, int BioAllocPlanFailing, int BioAllocPlanFailsLater,
    int SyncAll, int SyncNone)
{
    public static CaseWeights Kernel { get; } = new(
        NoEncryption: 2, Software: 1, Hardware: 1,
        SubPageEncryptedBlocks: 3, FullPageEncryptedBlocks: 7,
        Contiguous: 5, Discontiguous: 4, Descending: 1,
        EncryptPlanEmpty: 11, EncryptPlanFailing: 9,
        BioAllocPlanEmpty: 13, BioAllocPlanFailing: 7, BioAllocPlanFailsLater: 0,
        SyncAll: 1, SyncNone: 1);

    public static CaseWeights FindingProne { get; } = new(
        NoEncryption: 1, Software: 4, Hardware: 1,
        SubPageEncryptedBlocks: 7, FullPageEncryptedBlocks: 3,
        Contiguous: 2, Discontiguous: 6, Descending: 2,
        EncryptPlanEmpty: 1, EncryptPlanFailing: 1,
        BioAllocPlanEmpty: 1, BioAllocPlanFailing: 2, BioAllocPlanFailsLater: 2,
        SyncAll: 3, SyncNone: 1);
}
