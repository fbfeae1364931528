using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>
/// Scenarios for the model-based property: an inode of one to four 4K pages, then up to 30 steps
/// (user writes most often, passes, completions, memory-pressure changes). A small bounce pool
/// reserve (1 or 2) makes pool exhaustion reachable with a few pages, as 32 is with many.
/// </summary>
public static class ScenarioGen
{
    public const int MaxOps = 30;

    public static Gen<ScenarioConfig> Configs(string variant) =>
        from pages in Gen.Choose(1, 4)
        from encryption in Gen.Frequency(
            (5, Gen.Constant(EncryptionMode.None)),
            (4, Gen.Constant(EncryptionMode.Software)),
            (1, Gen.Constant(EncryptionMode.Hardware)))
        from blockSize in encryption == EncryptionMode.None ? Gen.Elements(1024, 2048, 4096) : Gen.Constant(4096)
        let n = ScenarioConfig.PageSize / blockSize
        from lastLen in Gen.Frequency((1, Gen.Constant(ScenarioConfig.PageSize)), (1, Gen.Choose(1, ScenarioConfig.PageSize)))
        from holes in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))).ArrayOf(pages * n)
        from gaps in Gen.Frequency((7, Gen.Constant(false)), (3, Gen.Constant(true)))
        from reserve in Gen.Frequency((3, Gen.Constant(1)), (3, Gen.Constant(2)), (4, Gen.Constant(Machine.BOUNCE_POOL_RESERVE_4_4)))
        select new ScenarioConfig(variant, pages, blockSize, lastLen, encryption, holes, gaps, reserve);

    public static Gen<Op> Ops(ScenarioConfig c) => Gen.Frequency(
        (10, from p in Gen.Choose(0, c.Pages - 1) from i in Gen.Choose(0, c.BuffersPerPage - 1) select (Op)new WriteOp(p, i)),
        (6, from sync in Gen.Elements(false, true) from alloc in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false))) select (Op)new PassOp(sync, alloc)),
        (3, Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true))).Select(fail => (Op)new CompleteOp(fail))),
        (3, Gen.Elements(Pressure.None, Pressure.PoolOnly, Pressure.PoolOnly, Pressure.Full).Select(l => (Op)new PressureOp(l))));

    public static Gen<Scenario> Scenarios(string variant) =>
        from config in Configs(variant)
        from count in Gen.Choose(1, MaxOps)
        from ops in Ops(config).ArrayOf(count)
        select new Scenario(config, ops);

    public static Arbitrary<Scenario> Arbitrary(string variant) => Arb.From(Scenarios(variant), Shrink);

    /// <summary>Fewer steps first (halves, then one at a time), then simpler steps, then a simpler inode.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario s)
    {
        var ops = s.Ops;
        for (var size = ops.Count / 2; size >= 1; size /= 2)
        {
            for (var start = 0; start + size <= ops.Count; start += size)
            {
                yield return s with { Ops = ops.Take(start).Concat(ops.Skip(start + size)).ToArray() };
            }
        }
        for (var k = 0; k < ops.Count; k++)
        {
            Op? simpler = ops[k] switch
            {
                PassOp { SyncAll: true } p => p with { SyncAll = false },
                PassOp { Allocate: false } p => p with { Allocate = true },
                CompleteOp { Fail: true } => new CompleteOp(false),
                PressureOp { Level: Pressure.Full } => new PressureOp(Pressure.PoolOnly),
                _ => null,
            };
            if (simpler is not null)
            {
                var copy = ops.ToArray();
                copy[k] = simpler;
                yield return s with { Ops = copy };
            }
        }
        var c = s.Config;
        if (c.Pages > 1)
        {
            var n = c.BuffersPerPage;
            yield return new Scenario(c with { Pages = c.Pages - 1, Holes = c.Holes.Take((c.Pages - 1) * n).ToArray() },
                ops.Where(o => o is not WriteOp w || w.Page < c.Pages - 1).ToArray());
        }
        if (c.Encryption != EncryptionMode.None) yield return s with { Config = c with { Encryption = EncryptionMode.None } };
        if (c.BouncePoolReserve != Machine.BOUNCE_POOL_RESERVE_4_4) yield return s with { Config = c with { BouncePoolReserve = Machine.BOUNCE_POOL_RESERVE_4_4 } };
        if (c.LastPageLen != ScenarioConfig.PageSize) yield return s with { Config = c with { LastPageLen = ScenarioConfig.PageSize } };
        if (c.GapsBetweenPages) yield return s with { Config = c with { GapsBetweenPages = false } };
        if (c.Holes.Any(h => h)) yield return s with { Config = c with { Holes = c.Holes.Select(_ => false).ToArray() } };
        if (c.BlockSize < ScenarioConfig.PageSize)
        {
            var bigger = c.BlockSize * 2;
            var n = c.BuffersPerPage;
            yield return new Scenario(
                c with { BlockSize = bigger, Holes = c.Holes.Where((_, i) => i % n % 2 == 0).ToArray() },
                ops.Select(o => o is WriteOp w ? w with { Bh = w.Bh / 2 } : o).ToArray());
        }
    }
}
