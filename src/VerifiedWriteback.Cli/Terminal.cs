using Spectre.Console;

namespace VerifiedWriteback.Cli;

/// <summary>Whether output goes to a person at a terminal (live Spectre.Console display) or to a pipe, file or test (plain lines).</summary>
public static class Terminal
{
    public static bool IsLive(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out)
        && !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Interactive
        && AnsiConsole.Profile.Capabilities.Ansi;
}
