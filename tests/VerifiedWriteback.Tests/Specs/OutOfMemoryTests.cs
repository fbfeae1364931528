using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// An OutOfMemoryException inside a Coyote run is a failure of the tool, not a finding: the actor
/// that hits it records it (World.Crash), and CellRunner turns it into a ToolOutOfMemoryException
/// instead of a model bug "Other". Any other exception stays a model-side report.
/// </summary>
public sealed class OutOfMemoryTests
{
    /// <summary>A test-only variant whose ext4_bio_write_page throws <paramref name="failure"/> at its first decision (seed L73: gfp of the first encryption).</summary>
    private sealed class Throwing(Exception failure) : Variant
    {
        public override string Name => "throwing";
        public override string Description => "throws from inside the kernel code (test only)";
        public override gfp_t InitialEncryptGfp(ext4_io_submit io) => throw failure;
    }

    private static Cell CellWith(Exception failure) =>
        new(ScenarioCatalog.Find("encrypted-writeback")!, new Throwing(failure), "random", 5, 1);

    [Fact]
    public void An_out_of_memory_thrown_in_the_model_is_a_tool_failure()
    {
        var e = Assert.Throws<ToolOutOfMemoryException>(() => CellRunner.Run(CellWith(new OutOfMemoryException("test")), new EngineSettings()));
        Assert.StartsWith("out of memory in cell encrypted-writeback/throwing/random", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_exception_is_a_model_side_report_named_Other()
    {
        var result = CellRunner.Run(CellWith(new InvalidOperationException("test")), new EngineSettings());
        Assert.True(result.BugFound);
        Assert.Equal("Other", result.Spec);
        Assert.StartsWith("[Other] InvalidOperationException: test", result.Message, StringComparison.Ordinal);
    }
}
