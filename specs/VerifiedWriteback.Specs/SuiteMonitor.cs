using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using VerifiedWriteback.Kernel;
using Monitor = Microsoft.Coyote.Specifications.Monitor;

namespace VerifiedWriteback.Specs;

/// <summary>The suite's temperature changed: some spec now owes something (hot), or nothing is owed (cold).</summary>
public sealed class Temperature(bool hot) : Monitor.Event
{
    public bool Hot { get; } = hot;
}

/// <summary>
/// The suite's liveness under Coyote: one monitor, hot while any spec owes something, so a run
/// that goes idle in that state is a liveness bug. It is told only changes of temperature: a
/// Coyote monitor call costs tens of microseconds, and a run makes hundreds of events.
/// </summary>
public sealed class SuiteMonitor : Monitor
{
    [Start]
    [Cold]
    [OnEventGotoState(typeof(Temperature), typeof(Owing))]
    private sealed class Satisfied : State
    {
    }

    [Hot]
    [OnEventGotoState(typeof(Temperature), typeof(Satisfied))]
    private sealed class Owing : State
    {
    }
}

/// <summary>
/// The suite bound to one Coyote iteration: every kernel event is judged in the call that made it;
/// a violation fails the iteration at once (a Coyote assertion), and a change of temperature goes
/// to <see cref="SuiteMonitor"/>. The suite itself keeps the verdict, so whoever ran the
/// iteration reads which spec fired from <see cref="Suite"/>, not from Coyote's report text.
/// </summary>
public sealed class CoyoteSuiteSink : IEventSink
{
    private readonly ICoyoteRuntime runtime;
    private bool hot;

    public CoyoteSuiteSink(ICoyoteRuntime runtime, SpecSuite suite)
    {
        this.runtime = runtime;
        Suite = suite;
        runtime.RegisterMonitor<SuiteMonitor>();
    }

    public SpecSuite Suite { get; }

    public void Observe(KernelEvent e)
    {
        Suite.Observe(e);
        if (Suite.Violation is { } violation)
        {
            runtime.Assert(false, violation.Report);
        }
        if (Suite.Owes != hot)
        {
            hot = Suite.Owes;
            runtime.Monitor<SuiteMonitor>(new Temperature(hot));
        }
    }
}
