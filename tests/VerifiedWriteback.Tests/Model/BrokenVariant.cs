using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Model;

/// <summary>
/// A test-only variant: every decision as <paramref name="like"/> makes it, plus one deliberate
/// breakage of a kernel line (<see cref="Breakage"/>). Run through the actor model, it shows that
/// the spec guarding that line fires on the model's own events, not only on scripted streams.
/// </summary>
internal sealed class BrokenVariant(string name, Variant like, Breakage breaks) : Variant
{
    public override string Name => name;
    public override string Description => $"{like.Name} with {name} broken (test only)";
    public override Breakage Breaks => breaks;
    public override gfp_t InitialEncryptGfp(ext4_io_submit io) => like.InitialEncryptGfp(io);
    public override bool EncryptRetryWanted(int ret, ext4_io_submit io, writeback_control wbc) => like.EncryptRetryWanted(ret, io, wbc);
    public override bool UpstreamRetryShape => like.UpstreamRetryShape;
    public override bool BioAllocMayFail => like.BioAllocMayFail;
    public override bool SubmitAsYouMark => like.SubmitAsYouMark;
    public override bool EncryptFailureReachesWritebackEnd => like.EncryptFailureReachesWritebackEnd;
    public override bool ClearsDirtyOfUnpreparedBuffers => like.ClearsDirtyOfUnpreparedBuffers;
    public override bool FinishBioTakesUptodateLock => like.FinishBioTakesUptodateLock;
    public override bool SubmitsPlaintextPage => like.SubmitsPlaintextPage;
}
