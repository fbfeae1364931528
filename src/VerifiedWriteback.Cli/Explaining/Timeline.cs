using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>An actor of the run (a CPU of the model): its name and a two-letter code for narrow views.</summary>
public sealed record Lane(string Name, string Code);

/// <summary>
/// One kernel call of the run on its actor's lane. <see cref="State"/> is the page's flags right
/// after the step, set at the decisive steps (the last of a run of flag changes, and the
/// violating step); <see cref="Violating"/> marks the step a safety spec fired at, and
/// <see cref="Implicated"/> an earlier step its message names (the early end that the next
/// step only revealed, for example).
/// </summary>
public sealed record TimelineStep(KernelEvent Event, Lane Lane, bool Violating, PageView? State)
{
    public bool Implicated { get; init; }
    public int Seq => Event.Seq;
    public string Call => EventWire.Name(Event);
    public string Text => EventWire.Describe(Event);
    public bool Decisive => Violating || Implicated || State is not null;
}

/// <summary>A bio: submitted at one step, completed (bio_endio) at another, maybe on another lane.</summary>
public sealed record BioLink(int Bio, int SubmitSeq, int EndioSeq);

/// <summary>
/// The end of the run: every page's state when it stopped, and, for a liveness violation (no
/// single step is wrong: something never happens), the violation itself.
/// </summary>
public sealed record EndOfRun(bool Violating, string Summary, IReadOnlyList<PageView> Pages);

/// <summary>A replayed trace told as a timeline of kernel calls, one lane per actor.</summary>
public sealed record Timeline
{
    public required string Source { get; init; }
    public required TraceFile Trace { get; init; }
    public required Scenario Scenario { get; init; }
    public required Variant Variant { get; init; }
    /// <summary>The violated spec the replay reported, or null when the replay found none.</summary>
    public required string? Spec { get; init; }
    public required string? Message { get; init; }
    public required bool Reproduced { get; init; }
    /// <summary>Where the replay first differed from the recorded run, if it did.</summary>
    public string? Divergence { get; init; }

    /// <summary>The catalogued finding whose signature the replayed run matches, or NEW.</summary>
    public string? Finding { get; init; }
    public required IReadOnlyList<Lane> Lanes { get; init; }
    public required IReadOnlyList<TimelineStep> Steps { get; init; }
    public required IReadOnlyList<BioLink> Bios { get; init; }
    public required EndOfRun End { get; init; }

    public SpecInfo? SpecInfo => SpecCatalog.Find(Spec ?? Trace.Spec);

    public int? ViolatingSeq => Steps.FirstOrDefault(s => s.Violating)?.Seq;

    public string Title => $"{Scenario.Name} / {Variant.Name}" + ((Finding ?? Trace.Finding) is { } f ? $" ({f})" : "");

    public string Verdict => Reproduced
        ? $"{Spec} violated" + (ViolatingSeq is { } n ? $" at step {n}" : " at the end of the run") + (Finding is { } f ? $", signature {f}" : "")
        : $"NOT reproduced: the trace recorded {Trace.Spec}{(Trace.Finding is { } r ? $" ({r})" : "")}, the replay gave {Spec ?? "no violation"}{(Finding is { } g ? $" ({g})" : "")}"
            + (Divergence is { } d ? $"; {d}" : "");
}
