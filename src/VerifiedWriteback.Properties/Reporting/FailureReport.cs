using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Properties.Reporting;

/// <summary>
/// The label a failing property carries: what differs, and the case as `vwb run` JSON with the
/// command that reruns it. FsCheck adds the replay line ("Replay directly at failing step with
/// (seed,gamma,size)") above it.
/// </summary>
public static class FailureReport
{
    public const string RerunCommand = "dotnet run --project src/VerifiedWriteback.Cli -- run case.json";

    public static string For(string what, IEnumerable<string> differences, WritePageCase c) =>
        $"{what}{Environment.NewLine}" +
        string.Concat(differences.Select(d => $"  - {d}{Environment.NewLine}")) +
        $"rerun: save the case line below as case.json, then: {RerunCommand}{Environment.NewLine}" +
        $"case: {CaseJson.Serialize(c)}";
}
