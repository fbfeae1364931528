using System.Diagnostics;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// `vwb` the .NET way (README, "Install vwb as a .NET tool"): the Cli project packed as the tool
/// package VerifiedWriteback.Vwb, installed with `dotnet tool install` into a scratch tool path
/// from that package alone (a NuGet configuration with no other source, so no network: the
/// package carries every dependency), then run: `vwb list`, `vwb --version`, `vwb run`, and a
/// sweep with --parallel (whose children are started through the tool's own shim).
/// </summary>
public sealed class VwbToolPackageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void The_packed_tool_installs_from_its_package_and_runs()
    {
        var root = RepositoryRoot();
        var packages = Path.Combine(scratch.Path, "packages");
        var tools = Path.Combine(scratch.Path, "tools");

        // The Cli project was built with these tests, in their configuration: pack that build.
        Dotnet(root, "pack", Path.Combine(root, "src", "VerifiedWriteback.Cli", "VerifiedWriteback.Cli.csproj"),
            "--no-build", "-c", Configuration(), "-o", packages, "-nodeReuse:false");
        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        Assert.StartsWith("VerifiedWriteback.Vwb.", Path.GetFileName(package));

        var config = scratch.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="vwb" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        Dotnet(scratch.Path, "tool", "install", "--tool-path", tools, "--configfile", config, "VerifiedWriteback.Vwb");
        var vwb = Path.Combine(tools, OperatingSystem.IsWindows() ? "vwb.exe" : "vwb");
        Assert.True(File.Exists(vwb), $"no {vwb} after dotnet tool install");

        var list = Run(vwb, scratch.Path, "list");
        Assert.Equal(0, list.Code);
        var lines = list.Stdout.Split('\n');
        Assert.Contains($"variants ({VariantCatalog.All.Count}):", lines);
        Assert.Contains($"scenarios ({ScenarioCatalog.All.Count}):", lines);
        Assert.All(VariantCatalog.All, v => Assert.Contains(lines, l => l.TrimStart().StartsWith(v.Name + " ", StringComparison.Ordinal)));
        Assert.All(ScenarioCatalog.All, s => Assert.Contains(lines, l => l.TrimStart().StartsWith(s.Name + " ", StringComparison.Ordinal)));

        var version = Run(vwb, scratch.Path, "--version");
        Assert.Equal(0, version.Code);
        Assert.Equal(VwbInvocation.Of("--version").Stdout.Trim(), version.Stdout.Trim());

        var answer = Run(vwb, scratch.Path, "run", Path.Combine(AppContext.BaseDirectory, "examples", "four-contiguous.json"));
        Assert.Equal(0, answer.Code);
        Assert.Contains("\"submit_bio\"", answer.Stdout);

        var sweep = Run(vwb, scratch.Path, "sweep", "--config", SmallSweep.Write(scratch, "four.json", SmallSweep.FourCells),
            "--parallel", "2", "--out", Path.Combine(scratch.Path, "sweep"), "--plain");
        Assert.True(sweep.Code == Vwb.Ok, sweep.Stdout + sweep.Stderr);
        Assert.StartsWith("cells=4 run=4 asExpected=4 unexpected=0 notRun=0 bugs=2 ", SmallSweep.Totals(SmallSweep.Report(Path.Combine(scratch.Path, "sweep"))));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VerifiedWriteback.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no VerifiedWriteback.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Debug or Release: the folder the test assembly was built into (bin/CONFIGURATION/net10.0).</summary>
    private static string Configuration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private void Dotnet(string workingDirectory, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var result = Run(dotnet, workingDirectory, args);
        Assert.True(result.Code == 0, $"dotnet {string.Join(' ', args)} exited {result.Code}:\n{result.Stdout}\n{result.Stderr}");
    }

    private (int Code, string Stdout, string Stderr) Run(string program, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        // The test host's own MSBuild settings must not leak into a nested dotnet.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(key);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["COYOTE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["NUGET_PACKAGES"] = Path.Combine(scratch.Path, "nuget-packages");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {Limit.TotalMinutes} minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
