using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Cli.Proving;
using VerifiedWriteback.Cli.Sweeping;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Prove;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb prove`: exhaust every schedule and fault choice of small cells, or find the first violation and its shortest run.</summary>
public static class ProveCommand
{
    public const string Help = """
        usage: vwb prove [--scenario NAME] [--variant NAME] [--preemptions K] [--timeout SECONDS]
                         [--out DIR] [--config FILE] [--max-steps N] [--no-symmetry] [--no-minimize]
          Explores EVERY schedule of the cell's CPUs and every fault the scenario's budget allows,
          on one thread (the kernel functions suspended at each point where another CPU may run),
          and ends each cell with either
            exhausted  no run violates a spec: the counts (schedules run, distinct final states,
                       branches pruned, scheduling steps, seconds), or
            SPEC       the first violation; it is then shrunk to a shortest run (iterative
                       deepening: every shorter schedule is run first) and saved as
                       DIR/traces/SCENARIO-VARIANT-SPEC.prove.trace.json (vwb replay / vwb explain).
          DIR/report.json (vwb-prove-report/1) and DIR/junit.xml, rewritten after every cell: each
          cell's outcome, the finding its run shows, the counts, the shortest run and its trace.
          Cells: the coyote.json matrix entries of the scenario (every scenario without --scenario),
          only VARIANT with --variant; a cell not in the matrix is expected clean.
            --preemptions K  only schedules with at most K preemptions ("exhausted within K")
            --timeout S      wall-clock limit of each cell (default 60); a cell cut short is "timeout"
            --max-steps N    step bound of one run (default engine.maxSteps); a cut run means the
                             cell is not exhausted
            --no-symmetry    offer every idle completion CPU, not only the first (no reduction)
            --no-minimize    save the first violating run as found
            --out DIR        where traces go (default out/prove-yyyyMMdd-HHmmss)
          Exit 0 when every cell came out as the matrix expects (clean cells exhausted, bugs
          found), 2 otherwise, 1 on bad input.
        """;

    /// <summary>What the command line of a proof says.</summary>
    public sealed record Arguments
    {
        public string? Config { get; init; }
        public string? Scenario { get; init; }
        public string? Variant { get; init; }
        public uint? Preemptions { get; init; }
        public uint? TimeoutSeconds { get; init; }
        public uint? MaxSteps { get; init; }
        public string? Out { get; init; }
        public bool NoSymmetry { get; init; }
        public bool NoMinimize { get; init; }
        public bool Plain { get; init; }
    }

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var scenario = Options.Text("--scenario", "the matrix cells of this scenario");
        var variant = Options.Text("--variant", "only this variant");
        var preemptions = Options.WholeNumber("--preemptions", "only schedules with at most K preemptions");
        var timeout = Options.WholeNumber("--timeout", "wall-clock limit of each cell, in seconds (default 60)");
        var output = Options.Text("--out", "where traces go");
        var config = Options.ConfigOption();
        var maxSteps = Options.WholeNumber("--max-steps", "step bound of one run (default engine.maxSteps)");
        var noSymmetry = Options.Switch("--no-symmetry", "offer every idle completion CPU");
        var noMinimize = Options.Switch("--no-minimize", "save the first violating run as found");
        var plain = Options.PlainOption();
        var command = new Command("prove", "Explore every schedule of small cells: exhausted, or the shortest counterexample.")
        {
            scenario, variant, preemptions, timeout, output, config, maxSteps, noSymmetry, noMinimize, plain,
        };
        command.SetAction(parse => Execute(new Arguments
        {
            Config = parse.GetValue(config),
            Scenario = parse.GetValue(scenario),
            Variant = parse.GetValue(variant),
            Preemptions = parse.GetValue(preemptions),
            TimeoutSeconds = parse.GetValue(timeout),
            MaxSteps = parse.GetValue(maxSteps),
            Out = parse.GetValue(output),
            NoSymmetry = parse.GetValue(noSymmetry),
            NoMinimize = parse.GetValue(noMinimize),
            Plain = parse.GetValue(plain),
        }, stdout));
        return (command, Help);
    }

    public static int Execute(Arguments o, TextWriter stdout)
    {
        var config = ConfigFile.Find(o.Config)?.Config ?? new SweepConfig();
        var scenarioName = o.Scenario;
        var variantName = o.Variant;
        if (scenarioName is not null && ScenarioCatalog.Find(scenarioName) is null)
        {
            throw new UsageError($"unknown scenario '{scenarioName}' (known: {ScenarioCatalog.Names})");
        }
        if (variantName is not null && VariantCatalog.Find(variantName) is null)
        {
            throw new UsageError($"unknown variant '{variantName}' (known: {VariantCatalog.Names})");
        }
        var cells = config.Matrix
            .Where(c => (scenarioName is null || c.Scenario == scenarioName) && (variantName is null || c.Variant == variantName))
            .ToList();
        if (cells.Count == 0 && scenarioName is not null && variantName is not null)
        {
            cells.Add(new MatrixEntry(scenarioName, variantName, MatrixEntry.Clean, null));
        }
        if (cells.Count == 0)
        {
            throw new UsageError($"no matrix cell for {scenarioName ?? "any scenario"}/{variantName ?? "any variant"}; give both --scenario and --variant to prove a cell outside the matrix");
        }
        if (o.TimeoutSeconds == 0)
        {
            throw new UsageError("--timeout must be at least 1 second");
        }
        if (o.MaxSteps == 0)
        {
            throw new UsageError("--max-steps must be at least 1");
        }
        var options = new ProveOptions
        {
            Symmetry = !o.NoSymmetry,
            Preemptions = Bounded(o.Preemptions, "--preemptions"),
            MaxSteps = Bounded(o.MaxSteps, "--max-steps") ?? (int)config.Engine.MaxSteps,
            Timeout = TimeSpan.FromSeconds(Bounded(o.TimeoutSeconds, "--timeout") ?? 60),
        };
        var minimize = !o.NoMinimize;
        var outDir = o.Out is { } chosen ? Paths.OutputFolder(chosen, "--out") : OutputFolders.Default("prove");
        // Before the first line on stdout: an --out that cannot be written is bad input.
        Paths.MakeWritableFolder(outDir, "the traces");
        var live = Terminal.IsLive(stdout) && !o.Plain;
        var bound = options.Preemptions is { } k ? $" within {k} preemptions" : "";
        stdout.WriteLine($"vwb prove: {cells.Count} cell(s), timeout {options.Timeout!.Value.TotalSeconds:0} s each, max {options.MaxSteps} steps per run{bound}, symmetry {(options.Symmetry ? "on" : "off")}");
        var report = new ProveReport(outDir, options, minimize);
        var total = Stopwatch.StartNew();
        foreach (var cell in cells)
        {
            var name = $"{cell.Scenario}/{cell.Variant}";
            var lastPlain = Stopwatch.StartNew();
            var cellOptions = options with
            {
                Progress = p =>
                {
                    if (live)
                    {
                        stdout.Write($"\r  {name}: {p.Runs:N0} schedules, {p.Finals:N0} final states, {p.Seconds:0.0} s   ");
                    }
                    else if (lastPlain.Elapsed.TotalSeconds >= 5)
                    {
                        lastPlain.Restart();
                        stdout.WriteLine($"  {name}: {p.Runs:N0} schedules, {p.Finals:N0} final states, {p.Seconds:0.0} s ...");
                    }
                },
            };
            var proof = Prover.Prove(cell, cellOptions, minimize);
            if (live)
            {
                stdout.Write("\r" + new string(' ', 100) + "\r");
            }
            var s = proof.Search;
            var counts = $"{s.Runs:N0} schedules, {s.Finals:N0} final states, {s.Pruned:N0} pruned, {s.Steps:N0} steps, {s.Seconds:0.00} s";
            string line;
            string? file = null;
            if (proof.Trace is { } trace)
            {
                file = Path.Combine(outDir, "traces", $"{cell.Scenario}-{cell.Variant}-{trace.Spec}.prove.trace.json");
                Written(() => trace.Save(file), outDir);
                var m = proof.Minimal!;
                line = $"{name}: {trace.Spec} ({trace.Finding}) after {counts}; {(m.ProvenShortest ? "shortest" : m.ProvenWithinPreemptions is { } w ? $"shortest within {w} preemption(s) (not proven among all runs: time ran out)" : "shortened (not proven shortest: time ran out)")}: " +
                       $"{trace.Steps} steps, {trace.Preemptions} preemption(s) ({m.Runs:N0} schedules, {m.Seconds:0.00} s) -> {file}";
            }
            else if (s.Outcome == ProveOutcome.Exhausted)
            {
                var cut = s.BoundedRuns > 0 ? $" BUT {s.BoundedRuns:N0} run(s) cut at {options.MaxSteps} steps" : "";
                line = $"{name}: exhausted{bound}: {counts}{cut}";
            }
            else
            {
                line = $"{name}: timeout after {counts} (not exhausted)";
            }
            if (proof.OtherSpecs.Count > 0)
            {
                line += $" (also violated: {string.Join(", ", proof.OtherSpecs)})";
            }
            var asExpected = proof.AsExpected;
            Written(() => report.Add(proof, file), outDir);
            stdout.WriteLine($"{line}  [expected {cell.Expect}{(cell.Finding is { } f ? $" ({f})" : "")}: {(asExpected ? "ok" : "NOT AS EXPECTED")}]");
        }
        stdout.WriteLine($"vwb prove: {report.AsExpected}/{cells.Count} cell(s) as expected in {total.Elapsed.TotalSeconds:0.0} s; report: {report.Path}");
        return report.AsExpected == cells.Count ? Vwb.Ok : Vwb.Unexpected;
    }

    /// <summary>A file the proof writes; a disk that fails midway is one line (the cells before it are in report.json).</summary>
    private static void Written(Action write, string folder)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageError($"cannot write to {Paths.Show(folder)}: {e.Message}");
        }
    }

    /// <summary>A count the explorer takes as an int: a larger one is a typo, refused in one line.</summary>
    private static int? Bounded(uint? value, string name) =>
        value is { } v ? v <= int.MaxValue ? (int)v : throw new UsageError($"{name} {v}: at most {int.MaxValue}") : null;
}
