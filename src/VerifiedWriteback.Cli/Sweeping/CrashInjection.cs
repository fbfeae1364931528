namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// A fault for testing what survives the crash of a shard: with VWB_FAULT_CRASH_AFTER_CELLS=K the
/// process dies right after writing its K-th cell to report.jsonl, before report.json exists.
/// Unset, it does nothing.
/// </summary>
public static class CrashInjection
{
    public const string Variable = "VWB_FAULT_CRASH_AFTER_CELLS";
    public const int ExitCode = 134;

    public static void AfterCell(int finished)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { } v && int.TryParse(v, out var k) && finished == k)
        {
            Console.Error.WriteLine($"vwb: crash injected after {k} cell(s) ({Variable})");
            Environment.Exit(ExitCode);
        }
    }
}
