using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>
/// What the abstract model allows: whether a WB_SYNC_ALL pass retries a failed encryption
/// (not in the seed: F1), whether a pass may deadlock in the F2 shape (a variant whose first
/// encryption attempt may sleep for a bounce page while its own bio is open), and any rule flipped
/// on purpose. Both come from the variant's named members, never from its name.
/// </summary>
public sealed record ModelOptions(bool SyncRetriesEncryption, bool F2Excepted, ModelFlip Flips = ModelFlip.None)
{
    public static ModelOptions For(Variant variant) =>
        new(SyncRetriesEncryption: variant.SyncPassRetriesEncryptionEnomem, F2Excepted: variant.SleepsForBouncePageWithOwnBioOpen);

    public static ModelOptions For(string variant) =>
        For(VariantCatalog.Find(variant) ?? throw new ArgumentException($"unknown variant {variant}"));
}

/// <summary>How a scenario ended.</summary>
public sealed record ModelVerdict(bool Holds, string Report, IReadOnlySet<string> Reached)
{
    public bool ReachedF2 => Reached.Contains(ScenarioBranches.F2);
}

/// <summary>
/// Runs a scenario on the system and the abstract model side by side, comparing after every step
/// and at the end (after a final completion of everything in flight). The seed's exceptions are
/// stated here: F1 is in the seed's model (a WB_SYNC_ALL pass fails on an encryption ENOMEM), and a
/// seed pass may deadlock, but only in exactly the shape of F2.
/// </summary>
public static class ModelRun
{
    public static ModelVerdict Execute(Scenario scenario) => Execute(scenario, ModelOptions.For(scenario.Config.Variant));

    public static ModelVerdict Execute(Scenario scenario, ModelOptions options)
    {
        var c = scenario.Config;
        var s = new WritebackSystem(c);
        var m = new AbstractModel(c, options.SyncRetriesEncryption, options.Flips);
        var reached = new HashSet<string>();
        var steps = scenario.Ops.Append(new CompleteOp(false)).ToArray();
        for (var k = 0; k < steps.Length; k++)
        {
            var op = steps[k];
            var eventsBefore = s.Machine.Events.Count;
            var where = k < scenario.Ops.Count ? $"step {k + 1} ({op})" : "final completion";
            IReadOnlyList<int> waited = [];
            var inFlightBefore = m.InFlight.ToArray();
            try
            {
                switch (op)
                {
                    case WriteOp w when m.CanWrite(w.Page, w.Bh):
                        s.Write(w.Page, w.Bh, m.Write(w.Page, w.Bh));
                        break;
                    case WriteOp:
                        reached.Add(ScenarioBranches.WriteBlocked);
                        continue;
                    case PassOp pass:
                        if (!pass.SyncAll && Enumerable.Range(0, c.Pages).Any(m.Writeback)) reached.Add(ScenarioBranches.Skipped);
                        waited = m.Pass(pass.SyncAll, pass.Allocate);
                        if (waited.Count > 0) reached.Add(ScenarioBranches.SyncWaited);
                        if (!pass.Allocate && m.Buffers().Any(t => m.Kind(t.p, t.i) == BufferKind.Delayed && m.Dirty(t.p, t.i))) reached.Add(ScenarioBranches.DelayedLeft);
                        s.Pass(pass.SyncAll, pass.Allocate);
                        break;
                    case CompleteOp complete:
                        s.CompleteAll(complete.Fail);
                        break;
                    case PressureOp pressure:
                        m.SetPressure(pressure.Level);
                        s.SetPressure(pressure.Level);
                        break;
                }
            }
            catch (ModelHang hang) when (options.F2Excepted && ModelComparison.NotF2(s, hang) is null)
            {
                reached.Add(ScenarioBranches.F2);
                return Done(true, $"F2 deadlock at {where}: {hang.Message}", m, s, reached);
            }
            catch (Exception e) when (e is ModelHang or KernelBug)
            {
                var why = e is ModelHang h ? ModelComparison.NotF2(s, h) ?? "" : "";
                return Fail(scenario, where, [$"{e.GetType().Name}: {e.Message} {why}"], m, s, eventsBefore, reached);
            }

            var d = new List<string>();
            var completions = s.TakeCompletions();
            foreach (var done in completions.Where(done => !m.Accept(done)))
            {
                d.Add($"completed a write the model never had in flight: {done.Write}");
            }
            if (op is PassOp && completions.Count > 0 && waited.Count == 0)
            {
                var plausible = c.Encryption == EncryptionMode.Software && m.Pressure != Pressure.None;
                if (!plausible) d.Add($"{completions.Count} writes completed during a pass that neither waited nor could sleep for a bounce page");
            }
            foreach (var w in inFlightBefore.Where(w => waited.Contains(w.Page) && m.InFlight.Contains(w)))
            {
                d.Add($"WB_SYNC_ALL pass did not wait for page {w.Page}: {w} still in flight");
            }
            if (op is CompleteOp && m.InFlight.Count > 0)
            {
                d.Add($"after completing all bios the model still has in flight: {string.Join(", ", m.InFlight)}");
            }
            d.AddRange(ModelComparison.Compare(m, s));
            if (d.Count > 0) return Fail(scenario, where, d, m, s, eventsBefore, reached);
        }
        return Done(true, "", m, s, reached);
    }

    private static ModelVerdict Done(bool holds, string report, AbstractModel m, WritebackSystem s, HashSet<string> reached)
    {
        if (m.SyncEncryptionFailures.Count > 0) reached.Add(ScenarioBranches.F1);
        reached.UnionWith(ScenarioBranches.FromEvents(s.Machine.Events));
        return new ModelVerdict(holds, report, reached);
    }

    private static ModelVerdict Fail(Scenario scenario, string where, IEnumerable<string> differences, AbstractModel m, WritebackSystem s, int eventsBefore, HashSet<string> reached) =>
        Done(false,
            $"the system departs from the abstract model at {where}:{Environment.NewLine}" +
            string.Concat(differences.Select(x => $"  - {x}{Environment.NewLine}")) +
            $"events of that step:{Environment.NewLine}" +
            string.Concat(s.Describe(eventsBefore).Take(60).Select(x => $"    {x}{Environment.NewLine}")) +
            $"scenario: {scenario}",
            m, s, reached);
}
