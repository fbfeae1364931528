using System.Text.Json;
using VerifiedWriteback.Json;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Ext4;
using VerifiedWriteback.Ext4.Sequential;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Reference;

/// <summary>An input the user got wrong: reported as one line, never as a stack trace.</summary>
public sealed class CaseError(string message) : Exception(message);

/// <summary>
/// One `vwb run` case (docs/RUN-CONTRACT.md): a page, its buffers, the writeback context,
/// and the outcome of each fallible call. Parsing is strict: unknown fields and values are errors.
/// </summary>
public sealed record WritePageCase
{
    public string Variant { get; init; } = "seed";
    public int PageSize { get; init; } = 4096;
    public int BlockSize { get; init; } = 4096;
    public int Len { get; init; } = 4096;
    public EncryptionMode Encryption { get; init; }
    public bool Regular { get; init; } = true;
    public bool SyncAll { get; init; }
    public bool KeepTowrite { get; init; }
    public IReadOnlyList<BufferState> Buffers { get; init; } = [];
    public long? OpenBioNextBlock { get; init; }
    public IReadOnlyList<bool> EncryptFaults { get; init; } = [];
    public IReadOnlyList<bool> BioAllocFaults { get; init; } = [];
    public IReadOnlyList<bool> IoFaults { get; init; } = [];
    public bool CompleteBios { get; init; } = true;

    /// <summary>
    /// Reads a case file: JSON syntax, then the contract (<see cref="CaseDocument"/>: unknown
    /// fields and wrong types refused, down to openBio and each buffer), then what types cannot
    /// say. Anything wrong is one <see cref="CaseError"/> line.
    /// </summary>
    public static WritePageCase Parse(string json)
    {
        CaseDocument d;
        try
        {
            using var document = StrictJson.Parse(json, allowComments: true);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CaseError("a case is a JSON object");
            }
            if (document.RootElement.TryGetProperty("len", out var len) && len.ValueKind == JsonValueKind.Null)
            {
                throw new CaseError("field 'len' must be an integer from 1 to pageSize (leave it out for pageSize), not null");
            }
            d = StrictJson.Bind(document.RootElement, CaseJsonContext.Default.CaseDocument);
        }
        catch (JsonInputError e)
        {
            throw new CaseError(e.Message);
        }
        var c = new WritePageCase
        {
            Variant = d.Variant,
            PageSize = d.PageSize,
            BlockSize = d.BlockSize,
            Len = d.Len ?? d.PageSize,
            Encryption = d.Encryption switch
            {
                "none" => EncryptionMode.None,
                "software" => EncryptionMode.Software,
                "hardware" => EncryptionMode.Hardware,
                var other => throw new CaseError($"encryption '{StrictJson.OneLine(other, 40)}' is not none, software or hardware"),
            },
            Regular = d.Regular,
            SyncAll = d.SyncMode switch
            {
                "none" => false,
                "all" => true,
                var other => throw new CaseError($"syncMode '{StrictJson.OneLine(other, 40)}' is not none or all"),
            },
            KeepTowrite = d.KeepTowrite,
            CompleteBios = d.CompleteBios,
        };
        Validate(c);
        return c with
        {
            Buffers = ParseBuffers(d.Buffers, c),
            OpenBioNextBlock = ParseOpenBio(d.OpenBio),
            EncryptFaults = Outcomes(d.Faults?.Encrypt, "faults.encrypt", "ENOMEM"),
            BioAllocFaults = Outcomes(d.Faults?.BioAlloc, "faults.bioAlloc", "ENOMEM"),
            IoFaults = Outcomes(d.Faults?.Io, "faults.io", "EIO"),
        };
    }

    private static void Validate(WritePageCase c)
    {
        static bool Pow2(int n) => n > 0 && (n & (n - 1)) == 0;
        if (!Pow2(c.PageSize) || c.PageSize < 4096 || c.PageSize > 65536)
        {
            throw new CaseError($"pageSize {c.PageSize} is not a power of two from 4096 to 65536");
        }
        if (!Pow2(c.BlockSize) || c.BlockSize < 512 || c.BlockSize > c.PageSize)
        {
            throw new CaseError($"blockSize {c.BlockSize} is not a power of two from 512 to pageSize ({c.PageSize})");
        }
        if (c.Len < 1 || c.Len > c.PageSize)
        {
            throw new CaseError($"len {c.Len} is not from 1 to pageSize ({c.PageSize})");
        }
    }

    private static IReadOnlyList<BufferState> ParseBuffers(List<BufferDocument>? buffers, WritePageCase c)
    {
        var expected = c.PageSize / c.BlockSize;
        if (buffers is null)
        {
            throw new CaseError($"buffers is required: an array of {expected} buffers (pageSize {c.PageSize} / blockSize {c.BlockSize})");
        }
        if (buffers.Count != expected)
        {
            throw new CaseError($"buffers has {buffers.Count} entries but a {c.PageSize}-byte page of {c.BlockSize}-byte blocks has {expected}");
        }
        var result = new List<BufferState>(expected);
        foreach (var (b, i) in buffers.Select((b, i) => (b, i)))
        {
            if (b is null)
            {
                throw new CaseError($"buffers[{i}] is not an object like {{\"flags\": [\"dirty\",\"mapped\"], \"block\": 100}}");
            }
            foreach (var name in b.Flags.Where(f => !BufferState.FlagOrder.Contains(f)))
            {
                throw new CaseError($"buffers[{i}] has unknown flag '{StrictJson.OneLine(name ?? "null", 40)}' (known: {string.Join(", ", BufferState.FlagOrder)})");
            }
            if (b.Block is < 0)
            {
                throw new CaseError($"buffers[{i}].block is not a non-negative integer");
            }
            if (b.Block is null && b.Flags.Contains("mapped"))
            {
                throw new CaseError($"buffers[{i}] is mapped but has no block");
            }
            result.Add(BufferState.FromFlags(b.Flags, b.Block ?? 0));
        }
        return result;
    }

    private static long? ParseOpenBio(OpenBioDocument? openBio) => openBio switch
    {
        null => null,
        { NextBlock: >= 1 } o => o.NextBlock,
        _ => throw new CaseError("openBio is null or {\"nextBlock\": N} with N >= 1 (the bio ends at block N-1)"),
    };

    private static IReadOnlyList<bool> Outcomes(List<string>? outcomes, string where, string failure) =>
        (outcomes ?? []).Select(s => s switch
        {
            "ok" => false,
            var f when f == failure => true,
            _ => throw new CaseError($"{where} has an outcome that is not \"ok\" or \"{failure}\""),
        }).ToArray();
}
