using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>How a scenario ended.</summary>
public sealed record ModelVerdict(bool Holds, string Report, bool ReachedF1, bool ReachedF2, bool ReachedPoolSleep, int Steps);

/// <summary>
/// Runs a scenario on the system and the abstract model side by side, comparing after every step
/// and at the end (after a final completion of everything in flight). The seed's exceptions are
/// stated here: F1 is in the seed's model (a WB_SYNC_ALL pass fails on an encryption ENOMEM), and a
/// seed pass may deadlock, but only in exactly the shape of F2.
/// </summary>
public static class ModelRun
{
    public static ModelVerdict Execute(Scenario scenario, ModelFlip flips = ModelFlip.None)
    {
        var c = scenario.Config;
        var s = new WritebackSystem(c);
        var m = new AbstractModel(c, syncRetriesEncryption: c.Variant == "upstream", flips);
        var poolSleep = false;
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
                        continue;
                    case PassOp pass:
                        waited = m.Pass(pass.SyncAll, pass.Allocate);
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
            catch (ModelHang hang) when (c.Variant != "upstream" && ModelComparison.NotF2(s, hang) is null)
            {
                return new ModelVerdict(true, $"F2 deadlock at {where}: {hang.Message}", m.SyncEncryptionFailures.Count > 0, true, poolSleep, k + 1);
            }
            catch (Exception e) when (e is ModelHang or KernelBug)
            {
                var why = e is ModelHang h ? ModelComparison.NotF2(s, h) ?? "" : "";
                return Fail(scenario, where, [$"{e.GetType().Name}: {e.Message} {why}"], s, eventsBefore);
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
                poolSleep = true;
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
            if (d.Count > 0) return Fail(scenario, where, d, s, eventsBefore);
        }
        return new ModelVerdict(true, "", m.SyncEncryptionFailures.Count > 0, false, poolSleep, steps.Length);
    }

    private static ModelVerdict Fail(Scenario scenario, string where, IEnumerable<string> differences, WritebackSystem s, int eventsBefore) =>
        new(false,
            $"the system departs from the abstract model at {where}:{Environment.NewLine}" +
            string.Concat(differences.Select(x => $"  - {x}{Environment.NewLine}")) +
            $"events of that step:{Environment.NewLine}" +
            string.Concat(s.Describe(eventsBefore).Take(60).Select(x => $"    {x}{Environment.NewLine}")) +
            $"scenario: {scenario}",
            false, false, false, 0);
}
