using System.Text.Json;
using System.Text.Json.Serialization;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Reference;

/// <summary>
/// The `vwb run` case file as JSON sees it (README, "Case format"), field for field, with the
/// documented defaults. <see cref="WritePageCase.Parse"/> reads it and checks what JSON types
/// cannot say (sizes, names, the buffer count); <see cref="From"/> writes a case back in it.
/// </summary>
public sealed record CaseDocument
{
    public string Variant { get; set; } = "seed";
    public int PageSize { get; set; } = 4096;
    public int BlockSize { get; set; } = 4096;
    /// <summary>Absent: pageSize.</summary>
    public int? Len { get; set; }
    public string Encryption { get; set; } = "none";
    public bool Regular { get; set; } = true;
    public string SyncMode { get; set; } = "none";
    public bool KeepTowrite { get; set; }
    public List<BufferDocument>? Buffers { get; set; }
    public OpenBioDocument? OpenBio { get; set; }
    public FaultsDocument? Faults { get; set; }
    public bool CompleteBios { get; set; } = true;

    /// <summary>The case as a file: every field written, so it reruns exactly.</summary>
    public static CaseDocument From(WritePageCase c) => new()
    {
        Variant = c.Variant,
        PageSize = c.PageSize,
        BlockSize = c.BlockSize,
        Len = c.Len,
        Encryption = c.Encryption switch
        {
            EncryptionMode.None => "none",
            EncryptionMode.Software => "software",
            EncryptionMode.Hardware => "hardware",
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Encryption, "unknown encryption mode"),
        },
        Regular = c.Regular,
        SyncMode = c.SyncAll ? "all" : "none",
        KeepTowrite = c.KeepTowrite,
        Buffers = c.Buffers.Select(b => new BufferDocument { Flags = [.. b.Flags()], Block = b.Block }).ToList(),
        OpenBio = c.OpenBioNextBlock is { } next ? new OpenBioDocument { NextBlock = next } : null,
        Faults = new FaultsDocument
        {
            Encrypt = Outcomes(c.EncryptFaults, "ENOMEM"),
            BioAlloc = Outcomes(c.BioAllocFaults, "ENOMEM"),
            Io = Outcomes(c.IoFaults, "EIO"),
        },
        CompleteBios = c.CompleteBios,
    };

    private static List<string> Outcomes(IReadOnlyList<bool> plan, string failure) => plan.Select(fails => fails ? failure : "ok").ToList();
}

/// <summary>One buffer_head of the page: its flags and, when mapped, its block.</summary>
public sealed record BufferDocument
{
    public List<string> Flags { get; set; } = [];
    public long? Block { get; set; }
}

/// <summary>A bio left open by the previous page: it ends at block nextBlock - 1.</summary>
public sealed record OpenBioDocument
{
    /// <summary>Absent: 0, which the parser refuses (a bio ends at block nextBlock - 1 &gt;= 0).</summary>
    public long NextBlock { get; set; }
}

/// <summary>The outcome of each call of a fallible kernel function, in order; calls past the list succeed.</summary>
public sealed record FaultsDocument
{
    public List<string>? Encrypt { get; set; }
    public List<string>? BioAlloc { get; set; }
    public List<string>? Io { get; set; }
}

/// <summary>
/// The case contract for System.Text.Json (source-generated): camelCase names, unknown fields
/// refused, null refused wherever the contract has no null. Writing keeps every field, nulls
/// included (`"openBio": null`).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CaseDocument))]
public sealed partial class CaseJsonContext : JsonSerializerContext
{
    /// <summary>The same contract, written indented (for files).</summary>
    public static CaseJsonContext Indented => indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });

    private static CaseJsonContext? indented;
}
