using VerifiedWriteback.Reference;
using VerifiedWriteback.Ext4.Setup;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// Smaller cases first, each still a valid page: completion on, fewer faults, no open bio, plain
/// inode and wbc, a smaller page, fewer (larger) buffers, len = page size, fewer flags, small
/// block numbers. Every step decreases a well-founded measure, so shrinking ends.
/// </summary>
public static class CaseShrinker
{
    public const long CanonicalBase = 100;

    public static IEnumerable<WritePageCase> Shrink(WritePageCase c) => Candidates(c).Where(IsValid);

    private static IEnumerable<WritePageCase> Candidates(WritePageCase c)
    {
        if (!c.CompleteBios) yield return c with { CompleteBios = true };
        foreach (var f in Faults(c)) yield return f;
        if (c.OpenBioNextBlock is not null) yield return c with { OpenBioNextBlock = null };
        if (c.Encryption != EncryptionMode.None) yield return c with { Encryption = EncryptionMode.None };
        if (c.SyncAll) yield return c with { SyncAll = false };
        if (c.KeepTowrite) yield return c with { KeepTowrite = false };
        if (!c.Regular) yield return c with { Regular = true };
        foreach (var g in Geometry(c)) yield return g;
        if (c.Len != c.PageSize) yield return c with { Len = c.PageSize };
        var roundedUp = Math.Min(c.PageSize, (c.Len + c.BlockSize - 1) / c.BlockSize * c.BlockSize);
        if (roundedUp != c.Len && roundedUp != c.PageSize) yield return c with { Len = roundedUp };
        foreach (var f in Flags(c)) yield return f;
        foreach (var b in Blocks(c)) yield return b;
    }

    private static IEnumerable<WritePageCase> Faults(WritePageCase c)
    {
        var any = c.EncryptFaults.Count + c.BioAllocFaults.Count + c.IoFaults.Count > 0;
        if (!any) yield break;
        yield return c with { EncryptFaults = [], BioAllocFaults = [], IoFaults = [] };
        if (c.EncryptFaults.Count > 0)
        {
            yield return c with { EncryptFaults = [] };
            yield return c with { EncryptFaults = c.EncryptFaults.Take(c.EncryptFaults.Count - 1).ToArray() };
        }
        if (c.BioAllocFaults.Count > 0)
        {
            yield return c with { BioAllocFaults = [] };
            yield return c with { BioAllocFaults = c.BioAllocFaults.Take(c.BioAllocFaults.Count - 1).ToArray() };
        }
        if (c.IoFaults.Count > 0)
        {
            yield return c with { IoFaults = [] };
            yield return c with { IoFaults = c.IoFaults.Take(c.IoFaults.Count - 1).ToArray() };
        }
    }

    /// <summary>
    /// Halve page and block together (same buffers, a 4K page at last), halve the page (keeping either
    /// half of its buffers), or double the block (keeping every other buffer).
    /// </summary>
    private static IEnumerable<WritePageCase> Geometry(WritePageCase c)
    {
        var n = c.Buffers.Count;
        if (c.PageSize > GeometryGen.Page4K && c.BlockSize > GeometryGen.MinBlock)
        {
            yield return c with { PageSize = c.PageSize / 2, BlockSize = c.BlockSize / 2, Len = Math.Max(1, c.Len / 2) };
        }
        if (c.PageSize > GeometryGen.Page4K && c.BlockSize < c.PageSize)
        {
            var half = c.PageSize / 2;
            yield return c with { PageSize = half, Buffers = c.Buffers.Take(n / 2).ToArray(), Len = Math.Min(c.Len, half) };
            yield return c with { PageSize = half, Buffers = c.Buffers.Skip(n / 2).ToArray(), Len = Math.Clamp(c.Len - half, 1, half) };
        }
        if (c.BlockSize < c.PageSize)
        {
            yield return c with { BlockSize = c.BlockSize * 2, Buffers = c.Buffers.Where((_, i) => i % 2 == 0).ToArray() };
            yield return c with { BlockSize = c.BlockSize * 2, Buffers = c.Buffers.Where((_, i) => i % 2 == 1).ToArray() };
        }
    }

    /// <summary>Each set flag of each buffer removed on its own, first buffers first.</summary>
    private static IEnumerable<WritePageCase> Flags(WritePageCase c)
    {
        for (var i = 0; i < c.Buffers.Count; i++)
        {
            var b = c.Buffers[i];
            var mask = new BufferFlags(b.Dirty, b.Mapped, b.Uptodate, b.New, b.Delay, b.Unwritten).Mask;
            for (var bit = 1; bit < BufferFlagsGen.AllCombinations; bit <<= 1)
            {
                if ((mask & bit) == 0) continue;
                var f = BufferFlags.FromMask(mask & ~bit);
                var buffers = c.Buffers.ToArray();
                buffers[i] = new BufferState(f.Dirty, f.Mapped, f.Uptodate, f.New, f.Delay, f.Unwritten, b.Block);
                yield return c with { Buffers = buffers };
            }
        }
    }

    /// <summary>Blocks moved down to start at 100 (the open bio's next block with them), then laid out contiguously.</summary>
    private static IEnumerable<WritePageCase> Blocks(WritePageCase c)
    {
        var min = c.Buffers.Min(b => b.Block);
        var floor = Math.Max(CanonicalBase, c.Buffers.Count);
        if (min > floor)
        {
            var shift = min - floor;
            yield return c with
            {
                Buffers = c.Buffers.Select(b => b with { Block = b.Block - shift }).ToArray(),
                OpenBioNextBlock = c.OpenBioNextBlock - shift,
            };
        }
        if (BlockLayoutGen.Classify(c.Buffers.Select(b => b.Block).ToArray()) != BlockLayout.Contiguous)
        {
            yield return c with { Buffers = c.Buffers.Select((b, i) => b with { Block = min + i }).ToArray() };
        }
    }

    /// <summary>What WritePageCase.Parse and CaseRunner accept.</summary>
    public static bool IsValid(WritePageCase c) =>
        c.PageSize is >= GeometryGen.Page4K and <= GeometryGen.Page64K && (c.PageSize & (c.PageSize - 1)) == 0 &&
        c.BlockSize >= GeometryGen.MinBlock && c.BlockSize <= c.PageSize && (c.BlockSize & (c.BlockSize - 1)) == 0 &&
        c.Buffers.Count == c.PageSize / c.BlockSize &&
        c.Len >= 1 && c.Len <= c.PageSize &&
        c.Buffers.All(b => b.Block >= 0) &&
        (c.OpenBioNextBlock is not { } next || next >= c.Buffers.Count);
}
