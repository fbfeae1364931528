using FsCheck;
using FsCheck.Fluent;

namespace VerifiedWriteback.Properties.Generation;

/// <summary>The six buffer flags of a vwb case as one value; bit order is BufferState.FlagOrder.</summary>
public readonly record struct BufferFlags(bool Dirty, bool Mapped, bool Uptodate, bool New, bool Delay, bool Unwritten)
{
    public static BufferFlags FromMask(int mask) =>
        new((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0, (mask & 16) != 0, (mask & 32) != 0);

    public int Mask => (Dirty ? 1 : 0) | (Mapped ? 2 : 0) | (Uptodate ? 4 : 0) | (New ? 8 : 0) | (Delay ? 16 : 0) | (Unwritten ? 32 : 0);
}

/// <summary>
/// Flags of one buffer entering writeback. Most draws are states ext4 really hands to
/// ext4_bio_write_page (fs/ext4/inode.c of 4.4: a written block, a freshly allocated one, a clean
/// one, a delayed-allocation buffer, an unwritten extent, a hole); a fifth of the draws are uniform
/// over all 64 combinations, so none is excluded.
/// </summary>
public static class BufferFlagsGen
{
    public const int AllCombinations = 64;

    private static BufferFlags F(bool dirty = false, bool mapped = false, bool uptodate = false, bool @new = false, bool delay = false, bool unwritten = false) =>
        new(dirty, mapped, uptodate, @new, delay, unwritten);

    /// <summary>The kernel-typical states with their weights (out of 80; the uniform draw has 20).</summary>
    public static IReadOnlyList<(int Weight, string Name, BufferFlags Flags)> Typical { get; } =
    [
        (28, "written", F(dirty: true, mapped: true, uptodate: true)),
        (9, "freshly allocated", F(dirty: true, mapped: true, uptodate: true, @new: true)),
        (12, "clean", F(mapped: true, uptodate: true)),
        (8, "delayed allocation", F(dirty: true, mapped: true, uptodate: true, @new: true, delay: true)),
        (6, "unwritten extent, dirty", F(dirty: true, mapped: true, uptodate: true, unwritten: true)),
        (3, "unwritten extent, new", F(dirty: true, mapped: true, uptodate: true, @new: true, unwritten: true)),
        (5, "hole", F()),
        (5, "hole read as zeros", F(uptodate: true)),
        (4, "dirty, unmapped", F(dirty: true, uptodate: true)),
    ];

    public static Gen<BufferFlags> Any { get; } = Gen.Frequency(
        Typical.Select(t => (t.Weight, Gen.Constant(t.Flags)))
            .Append((20, Gen.Choose(0, AllCombinations - 1).Select(BufferFlags.FromMask))));
}
