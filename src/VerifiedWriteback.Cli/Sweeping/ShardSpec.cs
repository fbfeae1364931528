using System.Globalization;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>One level of a shard: part <see cref="Index"/> of <see cref="Count"/>.</summary>
public readonly record struct ShardLevel(int Index, int Count)
{
    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>
/// `--shard I/N`: which part of a sweep's cells this run takes. The parts are computed by
/// <see cref="ShardPartition"/> from the plan alone (cells in their fixed order, with their measured
/// costs), so every machine that reads the same coyote.json with the same flags computes the same
/// partition. A shard of a shard is written "I/N+K/P" (part K of P of part I of N): that is what
/// the children of `--shard I/N --parallel P` run, and together they run exactly shard I/N.
/// </summary>
public sealed class ShardSpec : IEquatable<ShardSpec>
{
    /// <summary>No more than this many parts at any level (a sweep has far fewer cells).</summary>
    public const int MaxCount = 100_000;

    /// <summary>Outermost level first; parts of one (x/1) are left out.</summary>
    public IReadOnlyList<ShardLevel> Levels { get; }

    private readonly string text;

    private ShardSpec(IEnumerable<ShardLevel> levels)
    {
        Levels = levels.Where(l => l.Count > 1).ToArray();
        text = Levels.Count == 0 ? "0/1" : string.Join('+', Levels);
    }

    public static ShardSpec Whole { get; } = new([]);

    public static ShardSpec Of(int index, int count) => new([new ShardLevel(index, count)]);

    public bool IsWhole => Levels.Count == 0;

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of this shard.</summary>
    public ShardSpec Then(int part, int parts) => new([.. Levels, new ShardLevel(part, parts)]);

    /// <summary>The name of this shard's folder among its siblings: shard-I-of-N(+K-of-P).</summary>
    public string FolderName => "shard-" + (IsWhole ? "0-of-1" : string.Join('+', Levels.Select(l => $"{l.Index}-of-{l.Count}")));

    public override string ToString() => text;

    public bool Equals(ShardSpec? other) => other is not null && other.text == text;

    public override bool Equals(object? obj) => Equals(obj as ShardSpec);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(text);

    public static ShardSpec Parse(string text)
    {
        var levels = new List<ShardLevel>();
        foreach (var level in text.Split('+'))
        {
            var parts = level.Split('/');
            if (parts.Length != 2 || !TryNumber(parts[0], out var index) || !TryNumber(parts[1], out var count))
            {
                throw new UsageError($"--shard takes I/N (for example 0/4), not '{text}'");
            }
            if (count < 1 || count > MaxCount || index < 0 || index >= count)
            {
                throw new UsageError($"--shard {text}: needs 1 <= N <= {MaxCount} and 0 <= I < N");
            }
            levels.Add(new ShardLevel(index, count));
        }
        return new ShardSpec(levels);
    }

    private static bool TryNumber(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
