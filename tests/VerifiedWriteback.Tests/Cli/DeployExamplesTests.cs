using System.Diagnostics;
using System.Text.RegularExpressions;
using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The sharding examples under deploy/ run real commands: the Kubernetes Indexed Job's shell
/// command, run here with JOB_COMPLETION_INDEX 0..3 (vwb and the paths swapped for this
/// machine's), and then the merge Job's command, give one complete report; every vwb
/// flag the GitHub Actions workflow uses is one vwb knows.
/// </summary>
public sealed partial class DeployExamplesTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static string Repo
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VerifiedWriteback.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("no VerifiedWriteback.sln above " + AppContext.BaseDirectory);
        }
    }

    private static string Deploy(string file) => File.ReadAllText(Path.Combine(Repo, "deploy", file));

    /// <summary>The shell command of a Job's container: the lines of its `args:` item (a folded block or one line).</summary>
    private static string JobCommand(string yaml)
    {
        var lines = yaml.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "args:") + 1;
        var item = lines[start].Trim();
        if (item != "- >")
        {
            return item[2..];
        }
        var indent = lines[start + 1].Length - lines[start + 1].TrimStart().Length;
        return string.Join(' ', lines.Skip(start + 1).TakeWhile(l => l.Length - l.TrimStart().Length >= indent && l.Trim().Length > 0).Select(l => l.Trim()));
    }

    private string Here(string command, string config) => command
        .Replace("/app/vwb", Path.Combine(AppContext.BaseDirectory, "vwb"), StringComparison.Ordinal)
        .Replace("/app/coyote.json", config, StringComparison.Ordinal)
        .Replace("/results", Path.Combine(scratch.Path, "results"), StringComparison.Ordinal);

    private static Process Shell(string command, int? index)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        if (index is { } i)
        {
            info.Environment["JOB_COMPLETION_INDEX"] = i.ToString();
        }
        info.Environment["COYOTE_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info)!;
    }

    [Fact]
    public async Task The_kubernetes_jobs_commands_shard_and_merge_a_sweep()
    {
        var sweepJob = Deploy("kubernetes/vwb-sweep-job.yaml");
        Assert.Contains("completionMode: Indexed", sweepJob);
        Assert.Contains("completions: 4", sweepJob);
        var config = SmallSweep.Write(scratch, "four.json", SmallSweep.FourCells);
        var sweep = Here(JobCommand(sweepJob), config);
        Assert.Contains("--shard \"$JOB_COMPLETION_INDEX/4\"", sweep);

        // The pods run one after another: what is tested is each index's command, not how a cluster
        // schedules them, and four .NET processes at once on a two-core machine only add time.
        for (var i = 0; i < 4; i++)
        {
            using var pod = Shell(sweep, i);
            var output = pod.StandardOutput.ReadToEndAsync();
            var errors = pod.StandardError.ReadToEndAsync();
            Assert.True(pod.WaitForExit(TimeSpan.FromSeconds(180)), $"pod {i}'s command did not finish");
            Assert.True(pod.ExitCode == 0, await output + await errors);
        }

        var merge = Shell(Here(JobCommand(Deploy("kubernetes/vwb-merge-job.yaml")), config), null);
        var merged = await merge.StandardOutput.ReadToEndAsync();
        Assert.True(merge.WaitForExit(TimeSpan.FromSeconds(180)), "the merge did not finish");
        Assert.True(merge.ExitCode == Vwb.Ok, merged);
        Assert.Contains("every outcome as expected", merged);

        var report = SmallSweep.Report(Path.Combine(scratch.Path, "results", "merged"));
        Assert.Equal("complete", report["status"]!.GetValue<string>());
        Assert.Equal(["0/4", "1/4", "2/4", "3/4"], report["shards"]!.AsArray().Select(s => s!["shard"]!.GetValue<string>()));
        Assert.Equal(["0 sync-enomem/seed/random", "1 sync-enomem/seed/pct", "2 sync-enomem/4.4-fixed/random", "3 sync-enomem/4.4-fixed/pct"],
            report["rows"]!.AsArray().Select(r => $"{r!["index"]} {r["scenario"]}/{r["variant"]}/{r["strategy"]}"));
        Assert.Equal(4, report["totals"]!["asExpected"]!.GetValue<int>());
    }

    [Fact]
    public void The_github_actions_workflow_uses_only_real_vwb_flags()
    {
        var workflow = Deploy("github-actions/vwb-sweep.yml").Replace(">\n", " ", StringComparison.Ordinal);
        var commands = VwbCommand().Matches(Regex.Replace(workflow, @"\s*\n\s*", " ")).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains(commands, c => c.StartsWith("sweep ", StringComparison.Ordinal) && c.Contains("--shard ${{ matrix.shard }}/4", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("merge ", StringComparison.Ordinal));
        var known = new Dictionary<string, string[]>
        {
            ["sweep"] = ["--config", "--scenario", "--variant", "--strategy", "--iterations", "--seed", "--timeout", "--out", "--shard", "--parallel", "--plain"],
            ["merge"] = ["--out", "--plain"],
        };
        foreach (var command in commands)
        {
            var name = command.Split(' ')[0];
            foreach (var flag in Regex.Matches(command, @"--[a-z]+").Select(m => m.Value))
            {
                Assert.Contains(flag, known[name]);
                Assert.Contains(flag, VwbInvocation.Of(name, "--help").Stdout);
            }
        }
    }

    [GeneratedRegex(@"VerifiedWriteback\.Cli -- ((?:sweep|merge) [^\n]*?)(?= - name:| - uses:|$)")]
    private static partial Regex VwbCommand();
}
