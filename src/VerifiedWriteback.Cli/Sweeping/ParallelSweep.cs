using System.Diagnostics;
using System.Text;
using System.Text.Json;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// `--parallel N`: N child processes of vwb, each running one shard of this run's cells
/// (shard I/M split into I/M+k/N, k &lt; N, balanced by the plan's costs) into its own folder under shards/, from
/// the plan written to config.json. The parent follows each child's report.jsonl for progress,
/// copies their rows (and traces) into its own report.jsonl as they appear, and merges their
/// reports at the end. A child that dies keeps the cells it had written; it is reported as crashed.
/// </summary>
public static class ParallelSweep
{
    public const string ShardsFolder = "shards";
    public const string ConfigFile = "config.json";
    public const string StopFile = "STOP";

    /// <summary>The processor a child pins itself to (an index into the parent's affinity mask).</summary>
    public const string CpuVariable = "VWB_SWEEP_CPU";

    /// <summary>After a second Ctrl-C, how long the children get to write their reports before they are killed.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(3);

    private sealed class Child
    {
        public required ShardSpec Shard { get; init; }
        public required ReportFolder Folder { get; init; }
        public required int Cells { get; init; }
        public Process? Process { get; set; }
        public string? StartError { get; set; }
        public int LinesSeen { get; set; }
        public List<ReportRow> Rows { get; } = [];
        public Queue<string> StderrTail { get; } = new();
        public bool Killed { get; set; }
    }

    public static SweepReport Run(SweepPlan plan, ShardSpec scope, int processes, ReportFolder folder, ISweepProgress progress, Interruption interruption)
    {
        folder.Begin(plan, scope);
        var configPath = Path.Combine(folder.Path, ConfigFile);
        File.WriteAllText(configPath, JsonSerializer.Serialize(plan.Config.ToDocument(), EngineJsonContext.Indented.ConfigDocument));
        var stopPath = Path.Combine(folder.Path, StopFile);
        File.Delete(stopPath);

        var children = Enumerable.Range(0, processes)
            .Select(k => scope.Then(k, processes))
            .Select(shard => new Child
            {
                Shard = shard,
                Folder = new ReportFolder(Path.Combine(folder.Path, ShardsFolder, shard.FolderName)),
                Cells = plan.CellsOf(shard).Count,
            })
            .Where(c => c.Cells > 0)
            .ToArray();
        var cpus = processes <= Environment.ProcessorCount ? Processors() : [];
        foreach (var child in children)
        {
            // An earlier run's shard folder must not be read as this run's.
            if (Directory.Exists(child.Folder.Path))
            {
                Directory.Delete(child.Folder.Path, recursive: true);
            }
            Start(child, configPath, stopPath, cpus.Length > 0 ? cpus[Array.IndexOf(children, child) % cpus.Length] : null);
            progress.ShardProgress(child.Shard, 0, child.Cells);
        }

        var stopWritten = false;
        Stopwatch? sinceAbort = null;
        while (children.Any(c => c.Process is { HasExited: false }))
        {
            if (interruption.StopRequested && !stopWritten)
            {
                File.WriteAllText(stopPath, "stop after the current cell\n");
                stopWritten = true;
            }
            if (interruption.Abort.IsCancellationRequested && (sinceAbort ??= Stopwatch.StartNew()).Elapsed > AbortGrace)
            {
                foreach (var c in children.Where(c => c.Process is { HasExited: false }))
                {
                    c.Killed = true;
                    c.Process!.Kill(entireProcessTree: true);
                }
            }
            Follow(children, folder, progress);
            children.FirstOrDefault(c => c.Process is { HasExited: false })?.Process!.WaitForExit(250);
        }
        foreach (var c in children)
        {
            c.Process?.WaitForExit();
        }
        Follow(children, folder, progress);

        var statuses = children.Select(Status).ToList();
        var report = SweepReport.Build(plan, scope, statuses, children.SelectMany(c => c.Rows));
        folder.Finish(report);
        foreach (var c in children)
        {
            c.Process?.Dispose();
        }
        return report;
    }

    private static void Start(Child child, string configPath, string stopPath, int? cpu)
    {
        var info = VwbProcess.StartInfo(["sweep", "--config", configPath, "--shard", child.Shard.ToString(), "--out", child.Folder.Path]);
        info.Environment[Interruption.StopFileVariable] = stopPath;
        if (cpu is { } c)
        {
            info.Environment[CpuVariable] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        try
        {
            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    lock (child.StderrTail)
                    {
                        child.StderrTail.Enqueue(line);
                        if (child.StderrTail.Count > 5)
                        {
                            child.StderrTail.Dequeue();
                        }
                    }
                }
            };
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            child.Process = process;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            child.StartError = $"could not start: {e.Message}";
        }
    }

    /// <summary>Takes the rows each child has added to its report.jsonl since the last look.</summary>
    private static void Follow(IEnumerable<Child> children, ReportFolder folder, ISweepProgress progress)
    {
        foreach (var child in children)
        {
            var lines = CompleteLines(child.Folder.ReportLinesPath);
            for (var i = Math.Max(child.LinesSeen, 1); i < lines.Count; i++)
            {
                ReportRow row;
                try
                {
                    row = ReportRow.FromLine(lines[i], child.Folder.ReportLinesPath);
                }
                catch (ReportError)
                {
                    continue;
                }
                if (row.Trace is { } trace)
                {
                    row = row with { Trace = folder.AdoptTrace(Path.Combine(child.Folder.Path, trace)) };
                }
                child.Rows.Add(row);
                folder.Append(row);
                progress.CellFinished(row);
                progress.ShardProgress(child.Shard, child.Rows.Count, child.Cells);
            }
            child.LinesSeen = Math.Max(child.LinesSeen, lines.Count);
        }
    }

    /// <summary>The lines of a file that another process is appending to, up to its last newline.</summary>
    private static IReadOnlyList<string> CompleteLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var end = text.LastIndexOf('\n');
            return end < 0 ? [] : text[..end].Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static ShardStatus Status(Child child)
    {
        if (child.Process is null)
        {
            return new ShardStatus(child.Shard, ShardStatus.Crashed, null, child.StartError);
        }
        var code = child.Process.ExitCode;
        if (child.Killed)
        {
            return new ShardStatus(child.Shard, ShardStatus.Interrupted, code, "stopped at once by a second Ctrl-C");
        }
        if (code is Vwb.Ok or Vwb.Unexpected or Vwb.Interrupted && File.Exists(child.Folder.ReportJsonPath))
        {
            try
            {
                var own = SweepReport.Parse(File.ReadAllText(child.Folder.ReportJsonPath), child.Folder.ReportJsonPath);
                return new ShardStatus(child.Shard, own.Shards.Single().Status, code);
            }
            catch (Exception e) when (e is ReportError or IOException or InvalidOperationException)
            {
                return new ShardStatus(child.Shard, ShardStatus.Crashed, code, e.Message);
            }
        }
        string? last;
        lock (child.StderrTail)
        {
            last = child.StderrTail.LastOrDefault();
        }
        return new ShardStatus(child.Shard, ShardStatus.Crashed, code, last ?? "no report.json was written");
    }
    /// <summary>The processors this process may run on (Linux and Windows; none elsewhere).</summary>
    private static int[] Processors()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return [];
        }
        var mask = (long)Process.GetCurrentProcess().ProcessorAffinity;
        return Enumerable.Range(0, 64).Where(i => (mask & (1L << i)) != 0).ToArray();
    }

    /// <summary>
    /// In a child: pins the process to the processor the parent chose, before any engine thread
    /// exists (threads inherit it). Coyote hands control from OS thread to OS thread at every
    /// scheduling step; on one core that handoff costs less kernel time than across cores, and
    /// two children no longer fight for both cores.
    /// </summary>
    public static void PinChild()
    {
        if (Environment.GetEnvironmentVariable(CpuVariable) is { } text && int.TryParse(text, out var cpu) && cpu is >= 0 and < 64
            && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            try
            {
                Process.GetCurrentProcess().ProcessorAffinity = (nint)(1L << cpu);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException)
            {
                // Not pinned: the child still runs, only slower.
            }
        }
    }

    /// <summary>
    /// In a sequential sweep of a real vwb process (not a child, not in-process): pins it to one
    /// processor, for the same reason as <see cref="PinChild"/>: a sweep runs one Coyote operation at
    /// a time, and its thread handoffs cost far less on one core (measured: the default sweep ran in
    /// 85 s pinned against 147 s unpinned, with 75 against 116 CPU-seconds). Exploration does not
    /// change: Coyote decides every step.
    /// </summary>
    /// <summary>Set to anything to keep a sequential sweep unpinned.</summary>
    public const string NoPinVariable = "VWB_NO_PIN";

    public static void PinSequentialSweep()
    {
        if (Environment.GetEnvironmentVariable(CpuVariable) is not null || Environment.GetEnvironmentVariable(NoPinVariable) is not null
            || Processors() is not { Length: > 1 } cpus)
        {
            return;
        }
        // The processor the process starts on: two sweeps started side by side by hand land on
        // different ones far more often than on a fixed choice.
        var here = Thread.GetCurrentProcessorId();
        var cpu = cpus.Contains(here) ? here : cpus[^1];
        Environment.SetEnvironmentVariable(CpuVariable, cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        PinChild();
        Environment.SetEnvironmentVariable(CpuVariable, null);
    }

    /// <summary>Whether a sweep's arguments ask for more than one process (then each child pins itself instead).</summary>
    public static bool AsksForChildren(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var value = args[i].StartsWith("--parallel=", StringComparison.Ordinal) ? args[i]["--parallel=".Length..]
                : args[i] == "--parallel" && i + 1 < args.Count ? args[i + 1] : null;
            if (value is not null && (!int.TryParse(value, out var n) || n != 1))
            {
                return true;
            }
        }
        return false;
    }
}
