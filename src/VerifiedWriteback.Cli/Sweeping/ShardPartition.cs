namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// Splits cells into N parts of near-equal cost: longest processing time first (the costliest
/// cell goes to the part with the least cost so far; ties go to the lower cell index and the
/// lower part), the classic 4/3-approximation of the shortest finish. It depends on nothing but
/// the cells and their costs (whole milliseconds: integer sums, the same on every processor), so
/// every machine computes the same parts. With equal costs it deals
/// the cells out in order, which is index modulo N.
/// </summary>
public static class ShardPartition
{
    /// <summary>The cells of part <paramref name="index"/> of <paramref name="count"/>, in their order.</summary>
    public static IReadOnlyList<PlannedCell> Part(IReadOnlyList<PlannedCell> cells, Func<PlannedCell, long> cost, int index, int count)
    {
        if (count == 1)
        {
            return cells;
        }
        var load = new long[count];
        var part = new List<PlannedCell>();
        foreach (var cell in cells.OrderByDescending(cost).ThenBy(c => c.Index))
        {
            var lightest = 0;
            for (var p = 1; p < count; p++)
            {
                if (load[p] < load[lightest])
                {
                    lightest = p;
                }
            }
            load[lightest] += cost(cell);
            if (lightest == index)
            {
                part.Add(cell);
            }
        }
        return part.OrderBy(c => c.Index).ToArray();
    }

    /// <summary>The cells of <paramref name="shard"/>: each level splits what the level above it took.</summary>
    public static IReadOnlyList<PlannedCell> Cells(IReadOnlyList<PlannedCell> cells, Func<PlannedCell, long> cost, ShardSpec shard)
    {
        foreach (var level in shard.Levels)
        {
            cells = Part(cells, cost, level.Index, level.Count);
        }
        return cells;
    }
}
