using System.Text.Json;
using System.Text.Json.Nodes;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties;

/// <summary>
/// WritePageCase to the `vwb run` case format (docs/RUN-CONTRACT.md), the inverse of WritePageCase.Parse:
/// every field is written, so a printed counterexample reruns exactly with `vwb run`.
/// </summary>
public static class CaseJson
{
    public static JsonObject ToJson(WritePageCase c) => new()
    {
        ["variant"] = c.Variant,
        ["pageSize"] = c.PageSize,
        ["blockSize"] = c.BlockSize,
        ["len"] = c.Len,
        ["encryption"] = c.Encryption switch
        {
            EncryptionMode.None => "none",
            EncryptionMode.Software => "software",
            EncryptionMode.Hardware => "hardware",
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Encryption, "unknown encryption mode"),
        },
        ["regular"] = c.Regular,
        ["syncMode"] = c.SyncAll ? "all" : "none",
        ["keepTowrite"] = c.KeepTowrite,
        ["buffers"] = new JsonArray(c.Buffers.Select(b => (JsonNode)new JsonObject
        {
            ["flags"] = new JsonArray(b.Flags().Select(f => (JsonNode)f).ToArray()),
            ["block"] = b.Block,
        }).ToArray()),
        ["openBio"] = c.OpenBioNextBlock is { } next ? new JsonObject { ["nextBlock"] = next } : null,
        ["faults"] = new JsonObject
        {
            ["encrypt"] = Outcomes(c.EncryptFaults, "ENOMEM"),
            ["bioAlloc"] = Outcomes(c.BioAllocFaults, "ENOMEM"),
            ["io"] = Outcomes(c.IoFaults, "EIO"),
        },
        ["completeBios"] = c.CompleteBios,
    };

    /// <summary>One line, for failure messages; <paramref name="indented"/> for files.</summary>
    public static string Serialize(WritePageCase c, bool indented = false) =>
        ToJson(c).ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    private static JsonArray Outcomes(IReadOnlyList<bool> plan, string failure) =>
        new(plan.Select(fails => (JsonNode)(fails ? failure : "ok")).ToArray());
}
