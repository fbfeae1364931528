namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// A fault for testing what survives the crash of a shard: with VWB_FAULT_CRASH_AFTER_CELLS=K the
/// process exits abruptly (code 134, as an abort would) right after writing its K-th cell to
/// report.jsonl, before report.json exists; "I/N:K" limits that to the run of shard I/N.
/// Unset, it does nothing.
/// </summary>
public static class CrashInjection
{
    public const string Variable = "VWB_FAULT_CRASH_AFTER_CELLS";
    public const int ExitCode = 134;

    public static void AfterCell(ShardSpec shard, int finished)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } value)
        {
            return;
        }
        var colon = value.LastIndexOf(':');
        if (colon >= 0 && value[..colon] != shard.ToString())
        {
            return;
        }
        if (int.TryParse(value[(colon + 1)..], out var k) && finished == k)
        {
            Console.Error.WriteLine($"vwb: crash injected after {k} cell(s) of shard {shard} ({Variable})");
            Console.Error.Flush();
            Environment.Exit(ExitCode);
        }
    }
}
