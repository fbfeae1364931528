using System.Diagnostics;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>vwb run as a real child process (the apphost built beside the tests), for what only a process can show: signals.</summary>
internal static class VwbChildProcess
{
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "vwb.exe" : "vwb"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["COYOTE_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGINT, what Ctrl-C sends to the foreground process.</summary>
    public static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!;
        kill.WaitForExit();
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"timed out waiting for {what}");
            Thread.Sleep(100);
        }
    }
}
