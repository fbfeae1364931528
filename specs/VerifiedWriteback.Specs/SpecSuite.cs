using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>How a spec judged a run: the spec, what happened, and where (the event, for safety).</summary>
public sealed record SpecVerdict(string Spec, string Message, int? AtEvent, bool Liveness)
{
    /// <summary>An earlier event the violation rests on, if the spec named one.</summary>
    public int? Implicated { get; init; }

    private readonly string? kind;

    /// <summary>
    /// The rule id: "Spec/site", a short stable name of the violation site within the spec
    /// ("BouncePageLifetime/use-after-free"), so a changed kind of failure of the same spec is
    /// told apart from the expected one. Without a site (KernelBUG, Other, Deadlock) the spec name.
    /// </summary>
    public string Kind
    {
        get => kind is null ? Spec : $"{Spec}/{kind}";
        init => kind = value;
    }

    /// <summary>"[Spec] message", the form reports and traces carry.</summary>
    public string Report => $"[{Spec}] {Message}";
}

/// <summary>
/// Runs the selected specs over one run's events: the tracker first, then each spec in catalog
/// order (safety before liveness). The first violation is kept and stops further judging; the
/// first spec that owes something is the run's liveness verdict if the run ends so. This is the
/// only place a spec is judged: Coyote sweeps, sequential runs, searches and explain all use it.
/// </summary>
public sealed class SpecSuite : IEventSink
{
    private readonly Spec[] specs;

    public SpecSuite(IEnumerable<SpecInfo>? selected = null)
    {
        specs = (selected ?? SpecCatalog.All).Select(s => s.Create()).ToArray();
    }

    public WritebackTracker Tracker { get; } = new();

    /// <summary>The first safety violation, once one happened.</summary>
    public SpecVerdict? Violation { get; private set; }

    /// <summary>Whether any spec owes something now (cheap: read after every event).</summary>
    public bool Owes { get; private set; }

    public void Observe(KernelEvent e)
    {
        if (Violation is not null)
        {
            return;
        }
        Tracker.Observe(e);
        var owes = false;
        foreach (var spec in specs)
        {
            if (spec.Observe(e, Tracker) is { } violation)
            {
                Violation = new SpecVerdict(spec.Name, $"{violation} (at event {e.Seq} {e.Cpu}: {EventWire.Describe(e)})", e.Seq, Liveness: false)
                {
                    Implicated = spec.Implicates,
                    Kind = spec.Kind ?? "unspecified",
                };
                spec.ResetVerdictMarks();
                return;
            }
            owes |= spec.Owes;
        }
        Owes = owes;
    }

    /// <summary>The liveness verdict if the run ended now: the first spec that owes something.</summary>
    public SpecVerdict? OwedAtEnd() =>
        specs.FirstOrDefault(s => s.Owes) is { } owing
            ? new SpecVerdict(owing.Name, "liveness: " + owing.Owed, null, Liveness: true) { Kind = owing.OwedKind ?? "unspecified" }
            : null;

    /// <summary>The verdict of a finished run: its violation, else what is owed at its end, else null (clean).</summary>
    public SpecVerdict? Verdict => Violation ?? OwedAtEnd();

    /// <summary>Judges a finished list of events (a sequential run, a replayed trace).</summary>
    public static SpecVerdict? Judge(IEnumerable<KernelEvent> events, IEnumerable<SpecInfo>? selected = null)
    {
        var suite = new SpecSuite(selected);
        foreach (var e in events)
        {
            suite.Observe(e);
            if (suite.Violation is not null)
            {
                break;
            }
        }
        return suite.Verdict;
    }
}
