namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// `--shard I/N`: this run takes the cells whose index modulo N is I. The cell list is the
/// filtered matrix in file order, each entry once per strategy of the portfolio, so every
/// machine that reads the same coyote.json with the same flags computes the same partition.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole { get; } = new(0, 1);

    public bool Takes(int cellIndex) => cellIndex % Count == Index;

    public bool IsWhole => Count == 1;

    public override string ToString() => $"{Index}/{Count}";

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count))
        {
            throw new UsageError($"--shard takes I/N (for example 0/4), not '{text}'");
        }
        if (count < 1 || index < 0 || index >= count)
        {
            throw new UsageError($"--shard {text}: needs N >= 1 and 0 <= I < N");
        }
        return new ShardSpec(index, count);
    }

    /// <summary>
    /// Shard <paramref name="part"/> of <paramref name="parts"/> inside this shard: cells with
    /// index mod (N*P) equal to I + N*part. Together the P parts take exactly this shard's cells.
    /// </summary>
    public ShardSpec Split(int part, int parts) => new(Index + (Count * part), Count * parts);
}
