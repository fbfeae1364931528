namespace VerifiedWriteback.Cli.Explaining;

/// <summary>The facts every view of a timeline starts with, as label/value pairs.</summary>
public static class TimelineHeader
{
    public static IReadOnlyList<(string Label, string Value)> Facts(Timeline t)
    {
        var spec = t.SpecInfo;
        var facts = new List<(string, string)>
        {
            ("trace", t.Source),
            ("scenario", $"{t.Scenario.Name}: {t.Scenario.Description}"),
            ("variant", $"{t.Variant.Name}: {t.Variant.Description}"),
        };
        if (t.Finding is { } identified)
        {
            // The finding is the one the replayed run's events match (its signature), not the recorded label.
            facts.Add(("finding", t.Trace.Finding is { } recorded && recorded != identified ? $"{identified} (recorded as {recorded})" : identified));
        }
        if (spec is not null)
        {
            facts.Add(("spec", $"{spec.Name}{(spec.Liveness ? " (liveness)" : "")}: {spec.Checks}"));
            facts.Add(("kernel rule", spec.KernelRule));
        }
        facts.Add(("verdict", t.Verdict));
        if (t.Message is { } m)
        {
            facts.Add(("message", m));
        }
        facts.Add(("recorded", $"strategy {t.Trace.Strategy}, seed {t.Trace.Seed}, {t.Trace.Steps?.ToString() ?? "?"} scheduling steps, model {t.Trace.ModelVersion}, environment {t.Scenario.Environment.Name}"));
        return facts;
    }

    public const string FlagLegend =
        "buffer flags: dirty = BH_Dirty, async = BH_Async_Write, unmapped/delay/unwritten/new when set (mapped and uptodate are not shown); bio#N: the bio holding the buffer";
}
