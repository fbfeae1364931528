using Microsoft.Coyote.Actors;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using VerifiedWriteback.Actors.Sweep;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>
/// An OutOfMemoryException inside a Coyote run is a failure of the tool, not a finding: the
/// classification is checked on the bug reports Coyote itself writes for an actor that throws.
/// </summary>
public sealed class OutOfMemoryTests
{
    private sealed class Thrower : Actor
    {
        protected override Task OnInitializeAsync(Event initialEvent) =>
            throw (initialEvent is Boom { OutOfMemory: true } ? new OutOfMemoryException("test") : new InvalidOperationException("test"));
    }

    private sealed class Boom(bool outOfMemory) : Event
    {
        public bool OutOfMemory { get; } = outOfMemory;
    }

    private static string ReportOf(bool outOfMemory)
    {
        var config = new EngineSettings().Configure("random", 1, 1);
        using var engine = TestingEngine.Create(config, (IActorRuntime runtime) => runtime.CreateActor(typeof(Thrower), new Boom(outOfMemory)));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        return Assert.Single(engine.TestReport.BugReports);
    }

    [Fact]
    public void An_out_of_memory_thrown_in_an_actor_is_recognised()
    {
        Assert.True(CellRunner.IsOutOfMemory(ReportOf(outOfMemory: true)));
    }

    [Fact]
    public void Another_exception_is_not_taken_for_out_of_memory()
    {
        var report = ReportOf(outOfMemory: false);
        Assert.False(CellRunner.IsOutOfMemory(report));
        Assert.Equal("Other", CellRunner.SpecOf(report));
    }

    [Fact]
    public void A_spec_violation_naming_memory_is_not_out_of_memory()
    {
        Assert.False(CellRunner.IsOutOfMemory("[SyncIntegrity] fsync returned 0 after System.OutOfMemoryException-like ENOMEM"));
    }
}
