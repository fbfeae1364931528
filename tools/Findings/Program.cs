using System.Diagnostics;
using System.Globalization;
using System.Text;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Findings;

/// <summary>
/// vwb-findings: the measurements behind FINDINGS.md and the killing sweep of the mutation runner.
///   measure    for every coyote.json cell with a "finding": SweepRunner with seeds 1..N for each
///              strategy; iterations to the first detection of the expected spec (median, max) and
///              the shortest trace; writes the table into FINDINGS.md between its markers.
///   timelines  the kernel-call timeline of each committed F trace, written into FINDINGS.md.
///   killsweep  every matrix cell once with one strategy and a fixed budget; one outcome per line;
///              with --baseline, compares with an earlier run (exit 3 when an outcome differs).
/// </summary>
public static class Program
{
    public const string Usage = """
        usage: vwb-findings measure   [--config FILE] [--seeds N] [--seed-stride N] [--strategies a,b] [--finding ID] [--doc FILE] [--marker NAME] [--raw FILE] [--from-raw FILE]
               vwb-findings timelines [--traces DIR] [--doc FILE]
               vwb-findings killsweep [--config FILE] [--iterations N] [--seed N] [--strategy S] [--baseline FILE] [--stop-on-diff]
               vwb-findings mutants   [--doc FILE]   (renders tools/mutation/{mutants.txt,results.tsv,verdicts.tsv})
        """;

    public static int Main(string[] args)
    {
        Environment.SetEnvironmentVariable("COYOTE_CLI_TELEMETRY_OPTOUT", "1");
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        try
        {
            var options = Options.Parse(args[1..]);
            return args[0] switch
            {
                "measure" => Measure.Run(options),
                "timelines" => Timelines.Run(options),
                "killsweep" => KillSweep.Run(options),
                "mutants" => Mutants.Run(options),
                _ => throw new ArgumentException($"unknown command '{args[0]}'"),
            };
        }
        catch (Exception e) when (e is ArgumentException or IOException or TraceError)
        {
            Console.Error.WriteLine($"vwb-findings: {e.Message}");
            return 1;
        }
    }

    public static SweepConfig LoadConfig(Options o) =>
        SweepConfig.Load(o.Get("config") ?? SweepConfig.FindDefault() ?? throw new ArgumentException("no coyote.json here or above; give --config FILE"));

    /// <summary>The repository root: the folder of coyote.json.</summary>
    public static string Root(Options o) =>
        Path.GetDirectoryName(Path.GetFullPath(o.Get("config") ?? SweepConfig.FindDefault() ?? throw new ArgumentException("no coyote.json here or above")))!;
}

/// <summary>--name value pairs and bare --flags.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> values = [];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
            var name = args[i][2..];
            string? value = null;
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            o.values[name] = value;
        }
        return o;
    }

    public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => values.ContainsKey(name);

    public uint GetUInt(string name, uint fallback) =>
        Get(name) is { } s ? uint.Parse(s, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Replaces the text between two marker lines of a markdown document.</summary>
public static class Doc
{
    public static string Begin(string name) => $"<!-- BEGIN {name} -->";

    public static string End(string name) => $"<!-- END {name} -->";

    public static void Replace(string path, string name, string content)
    {
        var text = File.ReadAllText(path);
        var begin = text.IndexOf(Begin(name), StringComparison.Ordinal);
        var end = text.IndexOf(End(name), StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new ArgumentException($"{path}: markers '{Begin(name)}' ... '{End(name)}' not found");
        }
        var head = text[..(begin + Begin(name).Length)];
        var tail = text[end..];
        File.WriteAllText(path, head + "\n" + content.TrimEnd('\n') + "\n" + tail);
    }
}

/// <summary>The 20-seed measurement of every finding cell under every strategy.</summary>
public static class Measure
{
    public sealed record Run1(string Finding, MatrixEntry Entry, string Strategy, uint Seed, int Iterations, string Outcome, bool Found, int? Steps, double Seconds, IReadOnlyList<string> Others);

    public static int Run(Options o)
    {
        var config = Program.LoadConfig(o);
        var marker = o.Get("marker") ?? "measured";
        var seeds = o.GetUInt("seeds", 20);
        var stride = o.GetUInt("seed-stride", 1);
        var strategies = o.Get("strategies")?.Split(',') ?? config.Strategies.ToArray();
        var only = o.Get("finding");
        var entries = config.Matrix.Where(e => e.Finding is not null && (only is null || e.Finding == only)).ToArray();
        var runs = new List<Run1>();
        var clock = Stopwatch.StartNew();
        if (o.Get("from-raw") is { } rawIn)
        {
            // Re-render the table from an earlier run's raw file instead of measuring again.
            runs.AddRange(ReadRaw(rawIn, entries));
            seeds = (uint)runs.Select(r => r.Seed).Distinct().Count();
            var seedValues = runs.Select(r => r.Seed).Distinct().Order().ToArray();
            stride = seedValues.Length > 1 ? seedValues[1] - seedValues[0] : 1;
            strategies = runs.Select(r => r.Strategy).Distinct().ToArray();
            entries = [];
        }
        foreach (var entry in entries)
        {
            foreach (var strategy in strategies)
            {
                for (var k = 0u; k < seeds; k++)
                {
                    var seed = 1 + (k * stride);
                    var row = SweepRunner.Run(entry, strategy, config, seedOverride: seed);
                    var run = new Run1(entry.Finding!, entry, strategy, seed, row.Iterations, row.Outcome, row.AsExpected, row.AsExpected ? row.Bug?.TraceSteps : null, row.Seconds, row.OtherSpecs);
                    runs.Add(run);
                    Console.Error.WriteLine($"{run.Finding,-3} {entry.Scenario,-26} {entry.Variant,-9} {strategy,-13} seed {seed,2}: {run.Outcome,-24} after {run.Iterations,5} iterations, {run.Steps?.ToString(CultureInfo.InvariantCulture) ?? "-",4} steps ({run.Seconds:F1}s)");
                }
            }
        }
        var cells = config.Matrix.Where(e => e.Finding is not null && (only is null || e.Finding == only)).ToArray();
        var table = Table(cells, strategies, seeds, stride, config.FindingIterations, runs);
        Console.WriteLine(table);
        Console.Error.WriteLine($"measured {runs.Count} runs in {clock.Elapsed.TotalMinutes:F1} min");
        if (o.Get("raw") is { } raw)
        {
            File.WriteAllText(raw, Raw(runs));
        }
        if (o.Get("doc") is { } doc)
        {
            Doc.Replace(doc, marker, table);
        }
        return 0;
    }

    public static IEnumerable<Run1> ReadRaw(string path, IReadOnlyList<MatrixEntry> entries)
    {
        foreach (var line in File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split('\t');
            var entry = entries.Single(e => e.Scenario == f[1] && e.Variant == f[2]);
            yield return new Run1(f[0], entry, f[3], uint.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture), f[6], f[7] == "yes",
                f[8] == "-" ? null : int.Parse(f[8], CultureInfo.InvariantCulture), double.Parse(f[9], CultureInfo.InvariantCulture),
                f.Length > 10 && f[10] != "-" ? f[10].Split(',') : []);
        }
    }

    public static string Raw(IEnumerable<Run1> runs)
    {
        var sb = new StringBuilder("finding\tscenario\tvariant\tstrategy\tseed\titerations\toutcome\texpected_found\tsteps\tseconds\tother_specs_first\n");
        foreach (var r in runs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Finding}\t{r.Entry.Scenario}\t{r.Entry.Variant}\t{r.Strategy}\t{r.Seed}\t{r.Iterations}\t{r.Outcome}\t{(r.Found ? "yes" : "no")}\t{r.Steps?.ToString(CultureInfo.InvariantCulture) ?? "-"}\t{r.Seconds.ToString("F2", CultureInfo.InvariantCulture)}\t{(r.Others.Count == 0 ? "-" : string.Join(",", r.Others))}\n");
        }
        return sb.ToString();
    }

    public static string Table(IReadOnlyList<MatrixEntry> entries, IReadOnlyList<string> strategies, uint seeds, uint stride, uint budget, IReadOnlyList<Run1> runs)
    {
        var sb = new StringBuilder();
        var seedList = stride == 1 ? $"seeds 1..{seeds}" : $"{seeds} seeds 1, {1 + stride}, {1 + (2 * stride)}, ... (stride {stride})";
        sb.Append(CultureInfo.InvariantCulture, $"Iterations to the first detection of the expected spec, {seedList} per strategy, budget {budget} (coyote.json sweep.findingIterations); \"found\" counts the seeds whose run found the expected spec within the budget. Shortest trace: fewest scheduling steps of any run that found it (strategy, seed). Another spec first: runs in which a different spec fired before the expected one (the run then went on with the next seed, and its count includes those iterations).\n\n");
        sb.Append("| Finding | Scenario | Variant | Spec |");
        foreach (var s in strategies)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {s}: median / max (found) |");
        }
        sb.Append(" Shortest trace (steps) | Another spec first |\n|---|---|---|---|");
        foreach (var _ in strategies)
        {
            sb.Append("---|");
        }
        sb.Append("---|---|\n");
        foreach (var e in entries)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {e.Finding} | {e.Scenario} | {e.Variant} | {e.Expect} |");
            foreach (var s in strategies)
            {
                var mine = runs.Where(r => r.Entry == e && r.Strategy == s).ToArray();
                var found = mine.Where(r => r.Found).Select(r => r.Iterations).Order().ToArray();
                var all = mine.Select(r => r.Found ? r.Iterations : int.MaxValue).Order().ToArray();
                var median = Median(all);
                var max = all.Length == 0 ? "-" : all[^1] == int.MaxValue ? $">{budget}" : all[^1].ToString(CultureInfo.InvariantCulture);
                sb.Append(CultureInfo.InvariantCulture, $" {median} / {max} ({found.Length}/{mine.Length}) |");
            }
            var shortest = runs.Where(r => r.Entry == e && r.Found && r.Steps is not null).OrderBy(r => r.Steps).ThenBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Seed).FirstOrDefault();
            sb.Append(shortest is null ? " - |" : $" {shortest.Steps} ({shortest.Strategy}, seed {shortest.Seed}) |");
            var mine2 = runs.Where(r => r.Entry == e).ToArray();
            var detours = mine2.Where(r => r.Others.Count > 0).ToArray();
            sb.Append(detours.Length == 0 ? " - |\n" : $" {string.Join(", ", detours.SelectMany(r => r.Others).Distinct().Order(StringComparer.Ordinal))} in {detours.Length}/{mine2.Length} runs |\n");
        }
        var detoured = runs.Count(r => r.Others.Count > 0);
        sb.Append(CultureInfo.InvariantCulture, $"\n{runs.Count} runs; in {detoured} of them another spec fired before the expected one.\n");
        return sb.ToString();
    }

    /// <summary>Median of sorted values; a missing detection counts as larger than any budget.</summary>
    public static string Median(int[] sorted)
    {
        if (sorted.Length == 0)
        {
            return "-";
        }
        var lo = sorted[(sorted.Length - 1) / 2];
        var hi = sorted[sorted.Length / 2];
        if (lo == int.MaxValue || hi == int.MaxValue)
        {
            return "not found";
        }
        var m = (lo + hi) / 2.0;
        return m.ToString(m == Math.Floor(m) ? "F0" : "F1", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The kernel-call timelines of the committed F traces: `vwb explain TRACE` (text), run in-process,
/// with the trace's path written as tests/traces/NAME whatever the working folder.
/// </summary>
public static class Timelines
{
    public static readonly string[] Findings = ["F1", "F2", "F3", "F4", "F5", "F7", "F8"];

    /// <summary>The text of `vwb explain` for one trace file.</summary>
    public static string Explain(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var full = Path.GetFullPath(path);
        var code = VerifiedWriteback.Cli.Vwb.Run(["explain", full], stdout, stderr);
        if (code != 0)
        {
            throw new ArgumentException($"vwb explain {path} exited {code}: {stderr.ToString().Trim()}");
        }
        var text = stdout.ToString().Replace(full, $"tests/traces/{Path.GetFileName(full)}", StringComparison.Ordinal);
        return string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";
    }

    public static int Run(Options o)
    {
        var root = Program.Root(o);
        var dir = o.Get("traces") ?? Path.Combine(root, "tests", "traces");
        var doc = o.Get("doc");
        foreach (var finding in Findings)
        {
            var files = Directory.GetFiles(dir, "*.trace.json").Order(StringComparer.Ordinal)
                .Where(f => TraceFile.Load(f).Finding == finding).ToArray();
            if (files.Length == 0)
            {
                throw new ArgumentException($"no trace of {finding} in {dir}");
            }
            var sb = new StringBuilder();
            foreach (var file in files)
            {
                sb.Append(CultureInfo.InvariantCulture, $"`vwb explain tests/traces/{Path.GetFileName(file)}`:\n\n```text\n{Explain(file)}```\n\n");
            }
            Console.WriteLine($"## {finding}\n{sb}");
            if (doc is not null)
            {
                Doc.Replace(doc, $"timeline {finding}", sb.ToString());
            }
        }
        return 0;
    }
}

/// <summary>
/// The killing sweep of tools/mutation: every coyote.json matrix cell (both seed and upstream in
/// every scenario, plus the H cells) once, with one strategy, a fixed budget and a fixed seed.
/// Deterministic: the unmutated model gives the same lines every time.
/// </summary>
public static partial class KillSweep
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\bevent \d+")]
    private static partial System.Text.RegularExpressions.Regex EventNumber();

    public static int Run(Options o)
    {
        var config = Program.LoadConfig(o);
        var iterations = o.GetUInt("iterations", 150);
        var seed = o.GetUInt("seed", 1);
        var strategy = o.Get("strategy") ?? "random";
        var baseline = o.Get("baseline") is { } b
            ? File.ReadAllLines(b).Where(l => l.Length > 0).Select(l => l.Split('\t', 3)).ToDictionary(p => $"{p[0]}\t{p[1]}", p => p[2])
            : null;
        var differing = 0;
        foreach (var entry in config.Matrix)
        {
            string outcome;
            try
            {
                var row = SweepRunner.Run(entry, strategy, config, iterationsOverride: iterations, seedOverride: seed);
                // The rule id first ("Spec/site", or clean, KernelBUG, Other, Deadlock): what tools/mutation/strict.sh compares.
                outcome = row.Spec is null ? row.Outcome : $"{row.Bug?.Kind ?? row.Outcome}\t{row.Outcome}\t{Violation(row.Message)}";
                if (row.OtherSpecs.Count > 0)
                {
                    // Another spec fired before the expected one (SweepRunner then moves to the next seed).
                    outcome += $"\tbefore it: {string.Join(",", row.OtherSpecs.Distinct().Order(StringComparer.Ordinal))}";
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome = "Crash:" + e.GetType().Name;
            }
            var key = $"{entry.Scenario}\t{entry.Variant}";
            Console.WriteLine($"{key}\t{outcome}");
            if (baseline is not null && (!baseline.TryGetValue(key, out var want) || want != outcome))
            {
                differing++;
                Console.Error.WriteLine($"DIFF {entry.Scenario} {entry.Variant}: {want ?? "(none)"} -> {outcome}");
                if (o.Has("stop-on-diff"))
                {
                    return 3;
                }
            }
        }
        return differing == 0 ? 0 : 3;
    }

    /// <summary>
    /// What a violation says, without where it happened: the spec's sentence up to its event
    /// position, with event numbers blanked, so the same violation found at another point of the
    /// schedule, or after one event more or less, still compares equal.
    /// </summary>
    public static string Violation(string? message)
    {
        // Event numbers move when a mutant adds or removes an event elsewhere; what happened does not.
        var m = EventNumber().Replace((message ?? "").Replace('\t', ' ').Replace('\n', ' '), "event #");
        if (m.StartsWith('[') && m.IndexOf("] ", StringComparison.Ordinal) is var close and > 0)
        {
            m = m[(close + 2)..];
        }
        foreach (var cut in new[] { " (at event", "; " })
        {
            if (m.IndexOf(cut, StringComparison.Ordinal) is var at and >= 0)
            {
                m = m[..at];
            }
        }
        return m.Length > 160 ? m[..160] : m;
    }
}

/// <summary>
/// The mutant table of FINDINGS.md, from tools/mutation: the list (mutants.txt), what run.sh
/// measured (results.tsv) and the hand-written verdict on each mutant the specs miss
/// (verdicts.tsv: id, "equivalent" or "gap", the reason). Two kill rates: the whole killing suite
/// (sweep and sequential tests) over the mutants not shown equivalent that it does not kill, and
/// the specs alone (the killing sweep) over the mutants not shown equivalent to the specs.
/// </summary>
public static class Mutants
{
    private static readonly Dictionary<string, string> Functions = new()
    {
        ["PageIo.WritePage.cs"] = "ext4_bio_write_page",
        ["PageIo.Submit.cs"] = "page-io.c",
        ["PageIo.EndIo.cs"] = "page-io.c",
    };

    public static int Run(Options o)
    {
        var dir = Path.Combine(Program.Root(o), "tools", "mutation");
        var mutants = Rows(Path.Combine(dir, "mutants.txt"));
        var results = Rows(Path.Combine(dir, o.Get("results") ?? "results.tsv")).Skip(1).ToDictionary(r => r[0]);
        var verdicts = File.Exists(Path.Combine(dir, "verdicts.tsv")) ? Rows(Path.Combine(dir, "verdicts.tsv")).ToDictionary(r => r[0]) : [];
        var sb = new StringBuilder();
        sb.Append("| Mutant | Where | Change | Result | Killed by, or why not |\n|---|---|---|---|---|\n");
        int valid = 0, killed = 0, bySweep = 0, equivalentToSuite = 0, equivalentToSpecs = 0;
        var open = new List<string>();
        foreach (var m in mutants)
        {
            var (id, file, anchor, find, replace, what) = (m[0], m[1], m[2], m[3], m[4], m[5]);
            var where = $"{(Functions.TryGetValue(file, out var f) ? f : file)} {anchor.Replace("// ", "", StringComparison.Ordinal)}";
            var change = $"`{Cell(find)}` → `{Cell(replace)}`: {Cell(what)}";
            var verdict = verdicts.GetValueOrDefault(id);
            string result, why;
            if (!results.TryGetValue(id, out var r) || r[1] is not ("killed" or "survived"))
            {
                result = r?[1] ?? "not run";
                why = r is null ? "" : Cell(r[2]);
            }
            else
            {
                valid++;
                var sweep = r[2] == "same" ? null : r[2];
                var tests = r[3] == "pass" ? null : r[3];
                killed += r[1] == "killed" ? 1 : 0;
                bySweep += sweep is null ? 0 : 1;
                if (sweep is null && verdict is null)
                {
                    open.Add(id);
                }
                if (sweep is null && verdict?[1] == "equivalent")
                {
                    equivalentToSpecs++;
                    equivalentToSuite += tests is null ? 1 : 0;
                }
                result = r[1] == "killed" ? (sweep is null ? "killed (tests only)" : "killed") : verdict?[1] == "equivalent" ? "equivalent" : "survived";
                var parts = new List<string>();
                parts.Add(sweep is null ? "sweep: no difference" : $"sweep: {Cell(sweep)}");
                parts.Add(tests is null ? "tests: pass" : $"tests: {Cell(Shorten(tests))}");
                if (sweep is null)
                {
                    parts.Add(verdict is null ? "**no verdict yet**" : $"**{verdict[1]}**: {Cell(verdict[2])}");
                }
                why = string.Join("; ", parts);
            }
            sb.Append(CultureInfo.InvariantCulture, $"| {id} | {Cell(where)} | {change} | {result} | {why} |\n");
        }
        var suiteDenominator = valid - equivalentToSuite;
        var specDenominator = valid - equivalentToSpecs;
        sb.Append(CultureInfo.InvariantCulture, $"\n{mutants.Count} mutants, {valid} compiled and ran. Whole killing suite: {killed} killed, {valid - killed} survived, of which {equivalentToSuite} shown equivalent: kill rate {Rate(killed, suiteDenominator)} of the {suiteDenominator} not shown equivalent. Specs alone (the killing sweep): {bySweep} killed, {equivalentToSpecs} shown equivalent to the specs: kill rate {Rate(bySweep, specDenominator)} of the {specDenominator} not shown equivalent.");
        sb.Append(open.Count == 0 ? "\n" : $" Without a verdict yet: {string.Join(", ", open)}.\n");
        Console.WriteLine(sb);
        if (o.Get("doc") is { } doc)
        {
            Doc.Replace(doc, o.Get("marker") ?? "mutants", sb.ToString());
        }
        return 0;
    }

    private static string Rate(int killed, int of) =>
        of == 0 ? "-" : $"{killed}/{of} = {(100.0 * killed / of).ToString("F1", CultureInfo.InvariantCulture)}%";

    /// <summary>"fail: A.B.Test1(...),A.C.Test2" as the failing test classes.</summary>
    private static string Shorten(string tests)
    {
        if (!tests.StartsWith("fail: ", StringComparison.Ordinal))
        {
            return tests;
        }
        var names = tests[6..].Split(',').Select(t => t.Split('(')[0]).Select(t => t.Contains('.') ? t[..t.LastIndexOf('.')] : t)
            .Where(t => t.Length > 0 && !t.Contains(' ')).Distinct().ToArray();
        return names.Length == 0 ? tests : "fail: " + string.Join(", ", names);
    }

    private static List<string[]> Rows(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();

    /// <summary>Text safe inside a markdown table cell.</summary>
    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
