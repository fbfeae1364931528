using System.Text.Json;
using VerifiedWriteback.Reference;

namespace VerifiedWriteback.Properties;

/// <summary>
/// WritePageCase to the `vwb run` case format (docs/RUN-CONTRACT.md), the inverse of
/// WritePageCase.Parse: the case's <see cref="CaseDocument"/> through the source-generated
/// contract, every field written, so a printed counterexample reruns exactly with `vwb run`.
/// </summary>
public static class CaseJson
{
    /// <summary>One line, for failure messages; <paramref name="indented"/> for files.</summary>
    public static string Serialize(WritePageCase c, bool indented = false) =>
        JsonSerializer.Serialize(CaseDocument.From(c), (indented ? CaseJsonContext.Indented : CaseJsonContext.Default).CaseDocument);
}
