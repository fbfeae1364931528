using FsCheck;
using FsCheck.Fluent;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>Page size, block size and len (the bytes of the page below i_size).</summary>
public static class GeometryGen
{
    public const int Page4K = 4096;
    public const int Page64K = 65536;
    public const int MinBlock = 512;

    /// <summary>4K pages (x86, most arm64) four times as often as 64K pages (arm64/ppc64 64K configs).</summary>
    public static Gen<int> PageSize { get; } = Gen.Frequency((4, Gen.Constant(Page4K)), (1, Gen.Constant(Page64K)));

    /// <summary>Every power of two from 512 to the page size; a block as large as the page is drawn more often.</summary>
    public static Gen<int> BlockSize(int pageSize)
    {
        var sizes = new List<int>();
        for (var b = MinBlock; b <= pageSize; b *= 2)
        {
            sizes.Add(b);
        }
        return Gen.Frequency<int>(
            (3, Gen.Elements(sizes.ToArray())),
            (1, Gen.Constant(pageSize)),
            (1, Gen.Constant(Math.Min(4096, pageSize))));
    }

    /// <summary>
    /// len from 1 to the page size: the whole page most often (a page inside i_size), exact buffer
    /// boundaries, one byte either side of a boundary, any byte, and the smallest, 1.
    /// </summary>
    public static Gen<int> Len(int pageSize, int blockSize)
    {
        var buffers = pageSize / blockSize;
        var boundary = Gen.Choose(1, buffers).Select(k => k * blockSize);
        var nearBoundary = Gen.Zip(Gen.Choose(1, buffers), Gen.Elements(-1, 1))
            .Select(t => Math.Clamp(t.Item1 * blockSize + t.Item2, 1, pageSize));
        return Gen.Frequency<int>(
            (8, Gen.Constant(pageSize)),
            (4, boundary),
            (3, nearBoundary),
            (5, Gen.Choose(1, pageSize)),
            (1, Gen.Constant(1)));
    }
}
