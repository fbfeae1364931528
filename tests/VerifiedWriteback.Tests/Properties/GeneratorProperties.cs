using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>The generators reach every flag combination and geometry; the shrinker keeps cases valid and ends.</summary>
public sealed class GeneratorProperties
{
    [Fact]
    public void All_64_flag_combinations_are_drawn()
    {
        var masks = BufferFlagsGen.Any.Sample(5000, new Rnd(1UL), 50).Select(f => f.Mask).ToHashSet();
        Assert.Equal(BufferFlagsGen.AllCombinations, masks.Count);
    }

    [Fact]
    public void Every_block_size_of_4K_and_64K_pages_and_every_boundary_len_is_drawn()
    {
        var cases = CaseGen.Cases(CaseProfile.Everything("seed")).Sample(3000, new Rnd(2UL), 50);
        foreach (var page in new[] { 4096, 65536 })
        {
            for (var block = 512; block <= page; block *= 2)
            {
                Assert.Contains(cases, c => c.PageSize == page && c.BlockSize == block);
            }
        }
        Assert.Contains(cases, c => c.Len < c.PageSize && c.Len % c.BlockSize == 0);
        Assert.Contains(cases, c => c.Len % c.BlockSize == 1);
        Assert.Contains(cases, c => c.Len % c.BlockSize == c.BlockSize - 1);
        Assert.Contains(cases, c => c.Len == 1);
    }

    /// <summary>The faithful profile stays in 4.4's environment: encryption only with blockSize == pageSize, bio_alloc never failing.</summary>
    [Property(MaxTest = 1000)]
    public Property The_faithful_profile_only_draws_faithful_cases() =>
        Prop.ForAll(CaseArbitrary.For(CaseProfile.Faithful("seed")), pc =>
            EnvironmentTags.Of(pc.Case) == EnvironmentTag.Faithful &&
            !VerifiedWriteback.Properties.Oracle.KnownFindings.Applying(pc.Case).Any(f => f != VerifiedWriteback.Properties.Oracle.Finding.F1));

    [Property(MaxTest = 50)]
    public Property Every_shrink_candidate_is_a_valid_case_that_vwb_accepts() =>
        Prop.ForAll(CaseArbitrary.For(CaseProfile.FindingProne("seed")), pc =>
        {
            foreach (var s in CaseShrinker.Shrink(pc.Case).Take(40))
            {
                var json = CaseJson.Serialize(s);
                var parsed = WritePageCase.Parse(json);
                // The candidate survives its JSON exactly, and the run's answer is consistent: when
                // ext4_bio_write_page returned, the answer's return is the returned value (a BUG may
                // still follow, in a completion); when it did not return, a kernel BUG stopped it.
                if (CaseJson.Serialize(parsed) != json)
                {
                    return false.Label($"JSON round trip: {json} -> {CaseJson.Serialize(parsed)}");
                }
                var run = CaseRunner.Run(parsed);
                var returned = run.Events.OfType<VerifiedWriteback.Kernel.Call.ext4_bio_write_page_return>().LastOrDefault();
                if (returned is null ? run.Bug is null || run.Return is not null : returned.Ret != run.Return)
                {
                    return false.Label($"run: return {run.Return}, bug {run.Bug}, return event {returned}: {json}");
                }
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 100)]
    public Property Shrinking_always_ends_at_a_case_with_no_candidates() =>
        Prop.ForAll(CaseArbitrary.For(CaseProfile.Everything("seed")), pc =>
        {
            var c = pc.Case;
            var steps = 0;
            // Always taking the last candidate walks the longest path the shrinker allows.
            while (CaseShrinker.Shrink(c).LastOrDefault() is { } next)
            {
                c = next;
                steps++;
                if (steps > 2000) return false.Label($"no end after 2000 steps: {CaseJson.Serialize(c)}");
            }
            return true.ToProperty();
        });
}
