using System.Diagnostics;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>How to start vwb itself as a child process: its apphost if it has one (or the .NET tool shim it runs from), else `dotnet vwb.dll`.</summary>
public static class VwbProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var dll = typeof(Vwb).Assembly.Location;
        var folder = Path.GetDirectoryName(dll)!;
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "vwb.exe" : "vwb");
        ProcessStartInfo info;
        if (File.Exists(apphost))
        {
            info = new ProcessStartInfo(apphost);
        }
        else if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "vwb")
        {
            // Installed as a .NET tool: the package has no apphost beside vwb.dll, but the shim
            // this process was started through is one.
            info = new ProcessStartInfo(self);
        }
        else
        {
            var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
                ? p
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            info = new ProcessStartInfo(host);
            info.ArgumentList.Add(dll);
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.Environment["COYOTE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }
}
