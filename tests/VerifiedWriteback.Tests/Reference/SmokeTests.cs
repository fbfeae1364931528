using VerifiedWriteback.Kernel;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Tests.Reference;

public sealed class SmokeTests
{
    [Fact]
    public void FourContiguousBuffersEndWritebackOnce()
    {
        var result = CaseRunner.Run(WritePageCase.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "four-contiguous.json"))));
        Assert.Equal(0, result.Return);
        Assert.Single(result.Events, e => e is Call.end_page_writeback);
        Assert.Single(result.Events, e => e is Call.submit_bio);
    }
}
