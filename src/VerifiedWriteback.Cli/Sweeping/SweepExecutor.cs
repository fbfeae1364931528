using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// Runs the cells of one shard in this process, one after the other, writing each finished cell
/// to the report folder before starting the next; stops early on Ctrl-C. Returns the shard's report.
/// </summary>
public static class SweepExecutor
{
    public static SweepReport Run(SweepPlan plan, ShardSpec shard, ReportFolder folder, ISweepProgress progress, Interruption interruption)
    {
        var cells = plan.CellsOf(shard).ToArray();
        folder.Begin(plan, shard);
        var rows = new List<ReportRow>();
        var interrupted = false;
        foreach (var cell in cells)
        {
            if (interruption.StopRequested)
            {
                interrupted = true;
                break;
            }
            var budget = cell.Entry.ExpectsBug ? plan.Config.FindingIterations : plan.Config.Iterations;
            progress.CellStarted(cell, budget);
            var control = new CellControl
            {
                IterationDone = progress.IterationsDone,
                Timeout = plan.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
                Cancel = interruption.Abort,
            };
            var result = SweepRunner.Run(cell.Entry, cell.Strategy, plan.Config, control: control);
            if (result.Stopped == CellStop.Cancelled)
            {
                interrupted = true;
                break;
            }
            var row = ReportRow.From(cell, result, folder.SaveTrace(cell, result, plan.Config.Engine));
            folder.Append(row);
            rows.Add(row);
            progress.CellFinished(row);
            CrashInjection.AfterCell(shard, rows.Count);
        }
        interrupted |= rows.Count < cells.Length;
        var status = new ShardStatus(shard, interrupted ? ShardStatus.Interrupted : ShardStatus.Complete);
        var report = SweepReport.Build(plan, shard, [status], rows);
        folder.Finish(report);
        return report;
    }
}
