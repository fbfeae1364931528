using System.Text.Json;
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

    private static readonly HashSet<string> Fields =
    [
        "variant", "pageSize", "blockSize", "len", "encryption", "regular", "syncMode", "keepTowrite",
        "buffers", "openBio", "faults", "completeBios",
    ];

    public static WritePageCase Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new CaseError($"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CaseError("a case is a JSON object");
            }
            foreach (var p in root.EnumerateObject())
            {
                if (!Fields.Contains(p.Name))
                {
                    throw new CaseError($"unknown field '{p.Name}' (known: {string.Join(", ", Fields)})");
                }
            }
            var c = new WritePageCase
            {
                Variant = Str(root, "variant", "seed"),
                PageSize = Int(root, "pageSize", 4096),
                BlockSize = Int(root, "blockSize", 4096),
                Encryption = Str(root, "encryption", "none") switch
                {
                    "none" => EncryptionMode.None,
                    "software" => EncryptionMode.Software,
                    "hardware" => EncryptionMode.Hardware,
                    var other => throw new CaseError($"encryption '{other}' is not none, software or hardware"),
                },
                Regular = Bool(root, "regular", true),
                SyncAll = Str(root, "syncMode", "none") switch
                {
                    "none" => false,
                    "all" => true,
                    var other => throw new CaseError($"syncMode '{other}' is not none or all"),
                },
                KeepTowrite = Bool(root, "keepTowrite", false),
                CompleteBios = Bool(root, "completeBios", true),
            };
            c = c with { Len = Int(root, "len", c.PageSize) };
            Validate(c);
            c = c with { Buffers = ParseBuffers(root, c) };
            c = c with { OpenBioNextBlock = ParseOpenBio(root) };
            if (root.TryGetProperty("faults", out var faults) && faults.ValueKind != JsonValueKind.Null)
            {
                if (faults.ValueKind != JsonValueKind.Object)
                {
                    throw new CaseError("faults is an object like {\"encrypt\": [\"ok\",\"ENOMEM\"], \"bioAlloc\": [...], \"io\": [\"ok\",\"EIO\"]}");
                }
                foreach (var p in faults.EnumerateObject())
                {
                    c = p.Name switch
                    {
                        "encrypt" => c with { EncryptFaults = Outcomes(p.Value, "faults.encrypt", "ENOMEM") },
                        "bioAlloc" => c with { BioAllocFaults = Outcomes(p.Value, "faults.bioAlloc", "ENOMEM") },
                        "io" => c with { IoFaults = Outcomes(p.Value, "faults.io", "EIO") },
                        _ => throw new CaseError($"unknown fault site '{p.Name}' (known: encrypt, bioAlloc, io)"),
                    };
                }
            }
            return c;
        }
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

    private static IReadOnlyList<BufferState> ParseBuffers(JsonElement root, WritePageCase c)
    {
        var expected = c.PageSize / c.BlockSize;
        if (!root.TryGetProperty("buffers", out var buffers) || buffers.ValueKind != JsonValueKind.Array)
        {
            throw new CaseError($"buffers is required: an array of {expected} buffers (pageSize {c.PageSize} / blockSize {c.BlockSize})");
        }
        if (buffers.GetArrayLength() != expected)
        {
            throw new CaseError($"buffers has {buffers.GetArrayLength()} entries but a {c.PageSize}-byte page of {c.BlockSize}-byte blocks has {expected}");
        }
        var result = new List<BufferState>(expected);
        var i = 0;
        foreach (var b in buffers.EnumerateArray())
        {
            if (b.ValueKind != JsonValueKind.Object)
            {
                throw new CaseError($"buffers[{i}] is not an object like {{\"flags\": [\"dirty\",\"mapped\"], \"block\": 100}}");
            }
            var flags = new List<string>();
            foreach (var p in b.EnumerateObject())
            {
                if (p.Name is not ("flags" or "block"))
                {
                    throw new CaseError($"buffers[{i}] has unknown field '{p.Name}' (known: flags, block)");
                }
            }
            if (b.TryGetProperty("flags", out var fl))
            {
                if (fl.ValueKind != JsonValueKind.Array)
                {
                    throw new CaseError($"buffers[{i}].flags is not an array");
                }
                foreach (var f in fl.EnumerateArray())
                {
                    var name = f.ValueKind == JsonValueKind.String ? f.GetString()! : f.ToString();
                    if (!BufferState.FlagOrder.Contains(name))
                    {
                        throw new CaseError($"buffers[{i}] has unknown flag '{name}' (known: {string.Join(", ", BufferState.FlagOrder)})");
                    }
                    flags.Add(name);
                }
            }
            long block = 0;
            if (b.TryGetProperty("block", out var bl))
            {
                if (bl.ValueKind != JsonValueKind.Number || !bl.TryGetInt64(out block) || block < 0)
                {
                    throw new CaseError($"buffers[{i}].block is not a non-negative integer");
                }
            }
            else if (flags.Contains("mapped"))
            {
                throw new CaseError($"buffers[{i}] is mapped but has no block");
            }
            result.Add(BufferState.FromFlags(flags, block));
            i++;
        }
        return result;
    }

    private static long? ParseOpenBio(JsonElement root)
    {
        if (!root.TryGetProperty("openBio", out var ob) || ob.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (ob.ValueKind != JsonValueKind.Object || !ob.TryGetProperty("nextBlock", out var nb) || !nb.TryGetInt64(out var next) || next < 1)
        {
            throw new CaseError("openBio is null or {\"nextBlock\": N} with N >= 1 (the bio ends at block N-1)");
        }
        return next;
    }

    private static IReadOnlyList<bool> Outcomes(JsonElement e, string where, string failure)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw new CaseError($"{where} is not an array of \"ok\" / \"{failure}\"");
        }
        return e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).Select(s => s switch
        {
            "ok" => false,
            var f when f == failure => true,
            _ => throw new CaseError($"{where} has an outcome that is not \"ok\" or \"{failure}\""),
        }).ToArray();
    }

    private static string Str(JsonElement root, string name, string fallback) =>
        !root.TryGetProperty(name, out var v) ? fallback
        : v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new CaseError($"{name} is not a string");

    private static int Int(JsonElement root, string name, int fallback) =>
        !root.TryGetProperty(name, out var v) ? fallback
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw new CaseError($"{name} is not an integer");

    private static bool Bool(JsonElement root, string name, bool fallback) =>
        !root.TryGetProperty(name, out var v) ? fallback
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new CaseError($"{name} is not true or false");
}
