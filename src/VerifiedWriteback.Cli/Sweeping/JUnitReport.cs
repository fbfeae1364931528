using System.Xml.Linq;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// junit.xml: one testcase per cell (class "vwb.SCENARIO", name "VARIANT/STRATEGY"); a failure
/// when the outcome is not the expected one, an error when the cell did not run because its
/// shard crashed, skipped when it did not run because the sweep was interrupted.
/// </summary>
public static class JUnitReport
{
    public static string Write(SweepReport report)
    {
        var cases = new List<(int Index, XElement Case)>();
        foreach (var row in report.Rows)
        {
            var testcase = Case(row.Scenario, row.Variant, row.Strategy, row.Seconds);
            if (!row.AsExpected)
            {
                testcase.Add(new XElement("failure",
                    new XAttribute("message", $"expected {row.Expected}, found {row.Outcome} after {row.Iterations} iterations" + (row.Stopped is { } s ? $" ({s})" : "")),
                    new XAttribute("type", "UnexpectedOutcome"),
                    JUnitXml.Clean(row.Message ?? "")));
            }
            var output = $"outcome {row.Outcome}; {row.Iterations} iterations; {row.IterationsPerSecond:F0} it/s" +
                (row.Trace is { } trace ? $"; trace {trace}" : "") + (row.Message is { } m ? $"\n{m}" : "");
            testcase.Add(new XElement("system-out", JUnitXml.Clean(output)));
            cases.Add((row.Index, testcase));
        }
        foreach (var missing in report.NotRun)
        {
            var testcase = Case(missing.Cell.Entry.Scenario, missing.Cell.Entry.Variant, missing.Cell.Strategy, 0);
            testcase.Add(missing.Reason == ShardStatus.Interrupted
                ? new XElement("skipped", new XAttribute("message", "not run: the sweep was interrupted"))
                : new XElement("error", new XAttribute("message", $"not run: {missing.Reason}"), new XAttribute("type", "NotRun")));
            cases.Add((missing.Cell.Index, testcase));
        }
        var t = report.Totals;
        var errors = report.NotRun.Count(n => n.Reason != ShardStatus.Interrupted);
        var skipped = report.NotRun.Count - errors;
        return JUnitXml.Document("vwb sweep", t.Cells, t.Unexpected, errors, skipped, t.Seconds,
            new XElement("properties",
                JUnitXml.Property("modelVersion", report.ModelVersion),
                JUnitXml.Property("planFingerprint", report.Plan.Fingerprint),
                JUnitXml.Property("scope", report.Scope.ToString()),
                JUnitXml.Property("status", report.Status)),
            cases.OrderBy(c => c.Index).Select(c => c.Case));
    }

    private static XElement Case(string scenario, string variant, string strategy, double seconds) =>
        JUnitXml.Case($"vwb.{scenario}", $"{variant}/{strategy}", seconds);
}
