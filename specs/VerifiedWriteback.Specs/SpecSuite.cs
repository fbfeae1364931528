using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using VerifiedWriteback.Kernel;
using Monitor = Microsoft.Coyote.Specifications.Monitor;

namespace VerifiedWriteback.Specs;

/// <summary>Whether any spec of the suite still owes something (and what).</summary>
public sealed class Temperature(bool hot, string? owed) : Monitor.Event
{
    public bool Hot { get; } = hot;
    public string? Owed { get; } = owed;
}

/// <summary>
/// The liveness half of the suite as a Coyote monitor: hot while any spec owes something, so a
/// run that goes idle in that state is a liveness bug. The report names the suite; the owed
/// spec is recovered from the run's events by <see cref="SpecCatalog.Check"/>.
/// </summary>
public sealed class SpecSuite : Monitor
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
/// Runs the selected specs on every kernel event, in the event's own call, with no monitor
/// dispatch per event: a Coyote monitor call costs tens of microseconds, and a run makes hundreds
/// of events, so this makes sweeps about three times faster. The logic is the specs' own
/// (detached instances of the monitors in this folder). A violation is a Coyote assertion failure
/// whose text starts with "[Spec]"; only a change of temperature reaches <see cref="SpecSuite"/>.
/// </summary>
public sealed class SpecSuiteSink : IEventSink
{
    private readonly ICoyoteRuntime runtime;
    private readonly SpecMonitor[] specs;
    private bool hot;

    public SpecSuiteSink(ICoyoteRuntime runtime, IEnumerable<SpecInfo> selected)
    {
        this.runtime = runtime;
        specs = selected.Select(s => s.CreateDetached()).ToArray();
        runtime.RegisterMonitor<SpecSuite>();
    }

    public void Observe(KernelEvent e)
    {
        var owes = false;
        foreach (var spec in specs)
        {
            if (spec.Observe(e) is { } violation)
            {
                runtime.Assert(false, $"[{spec.SpecName}] {violation} (at event {e.Seq} {e.Cpu}: {e.Describe()})");
            }
            owes |= spec.Owes;
        }
        if (owes != hot)
        {
            hot = owes;
            runtime.Monitor<SpecSuite>(new Temperature(owes, owes ? specs.Select(s => s.Owed).FirstOrDefault(o => o is not null) : null));
        }
    }
}
