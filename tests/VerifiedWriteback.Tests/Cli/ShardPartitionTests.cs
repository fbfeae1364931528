using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Sweeping;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The partition of a sweep's cells into shards: every cell in exactly one part, parts of
/// near-equal measured cost (longest first), nested parts that together are their parent, and,
/// without a cost table, the index-modulo split of earlier versions.
/// </summary>
public sealed class ShardPartitionTests
{
    private static readonly MatrixEntry Entry = new("sync-enomem", "seed", "clean", null);

    private static PlannedCell[] Cells(int count) => Enumerable.Range(0, count).Select(i => new PlannedCell(i, Entry, "random")).ToArray();

    private static int[] Indices(IEnumerable<PlannedCell> cells) => cells.Select(c => c.Index).ToArray();

    /// <summary>Deterministic costs of very different sizes (1 ms to ~10 s).</summary>
    private static long[] Costs(int count, int salt) =>
        Enumerable.Range(0, count).Select(i => 1 + ((long)(i + salt) * 7919 % 97) * ((i * 31 + salt) % 5 == 0 ? 100 : 1)).ToArray();

    [Fact]
    public void Equal_costs_deal_the_cells_out_by_index_modulo_n()
    {
        var cells = Cells(13);
        for (var n = 1; n <= 5; n++)
        {
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(Indices(cells.Where(c => c.Index % n == i)), Indices(ShardPartition.Part(cells, _ => 1, i, n)));
            }
        }
        // Nested with equal costs: part k of P of part I of N is index modulo N*P equal to I + N*k.
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(Indices(cells.Where(c => c.Index % 6 == 1 + (2 * k))), Indices(ShardPartition.Cells(cells, _ => 1, ShardSpec.Of(1, 2).Then(k, 3))));
        }
    }

    [Fact]
    public void Longest_first_balances_what_index_modulo_does_not()
    {
        // Two long cells at even indices: modulo 2 puts both in part 0 (20 against 2).
        var cells = Cells(4);
        long[] costs = [10, 1, 10, 1];
        var part0 = ShardPartition.Part(cells, c => costs[c.Index], 0, 2);
        var part1 = ShardPartition.Part(cells, c => costs[c.Index], 1, 2);
        Assert.Equal([0, 1], Indices(part0));
        Assert.Equal([2, 3], Indices(part1));
    }

    [Theory]
    [InlineData(7, 2)]
    [InlineData(40, 2)]
    [InlineData(40, 3)]
    [InlineData(255, 2)]
    [InlineData(255, 7)]
    [InlineData(5, 8)]
    public void Every_cell_is_in_exactly_one_part_and_no_part_exceeds_the_mean_by_more_than_one_cell(int count, int parts)
    {
        for (var salt = 0; salt < 20; salt++)
        {
            var cells = Cells(count);
            var costs = Costs(count, salt);
            var split = Enumerable.Range(0, parts).Select(p => ShardPartition.Part(cells, c => costs[c.Index], p, parts)).ToArray();

            Assert.Equal(Indices(cells), Indices(split.SelectMany(p => p).OrderBy(c => c.Index)));
            Assert.All(split, p => Assert.Equal(Indices(p).Order(), Indices(p)));
            // Greedy list scheduling's bound: the fullest part ends at most one cell after the mean.
            var loads = split.Select(p => p.Sum(c => costs[c.Index])).ToArray();
            Assert.True(loads.Max() <= (costs.Sum() / (double)parts) + costs.Max(), $"salt {salt}: loads {string.Join(", ", loads)}");
        }
    }

    [Fact]
    public void The_parts_of_a_shard_together_are_that_shard()
    {
        var cells = Cells(60);
        var costs = Costs(60, 3);
        for (var i = 0; i < 3; i++)
        {
            var shard = ShardSpec.Of(i, 3);
            var whole = Indices(ShardPartition.Cells(cells, c => costs[c.Index], shard));
            var parts = Enumerable.Range(0, 4).SelectMany(k => ShardPartition.Cells(cells, c => costs[c.Index], shard.Then(k, 4)));
            Assert.Equal(whole, Indices(parts.OrderBy(c => c.Index)));
        }
    }

    [Theory]
    [InlineData("0/1", "0/1", "shard-0-of-1")]
    [InlineData("1/2", "1/2", "shard-1-of-2")]
    [InlineData("0/1+1/2", "1/2", "shard-1-of-2")]
    [InlineData("1/2+0/3", "1/2+0/3", "shard-1-of-2+0-of-3")]
    public void A_shard_reads_and_writes_as_i_of_n_levels(string text, string shown, string folder)
    {
        var shard = ShardSpec.Parse(text);
        Assert.Equal(shown, shard.ToString());
        Assert.Equal(folder, shard.FolderName);
        Assert.Equal(shard, ShardSpec.Parse(shown));
    }

    [Theory]
    [InlineData("1/2+")]
    [InlineData("+1/2")]
    [InlineData("2/2+0/1")]
    [InlineData("0/2+-1/2")]
    [InlineData("0/200000")]
    [InlineData(" 0/2")]
    public void A_malformed_shard_is_refused(string text) =>
        Assert.Throws<UsageError>(() => ShardSpec.Parse(text));
}
