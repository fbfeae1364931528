using FsCheck;
using FsCheck.Xunit;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// `seed` against the oracle. Each aspect holds except exactly where a known finding applies, and
/// there the seed does what the finding says (KnownFindings.ExpectedForSeed):
/// F1 (software encryption, WB_SYNC_ALL, ext4_encrypt fails): -ENOMEM, the page redirtied, nothing written;
/// F4 (adversarial: sub-page software encryption, bio_alloc fails after a bio of the page went out):
/// the bounce page freed in flight, garbage (-1) on disk, a NULL page_private BUG in ext4_finish_bio,
/// the page left in writeback. F3 alone has no sequential effect: those cases must match the intent.
/// </summary>
public sealed class SeedOracleProperties
{
    /// <summary>The exactness properties, where the findings are told apart, run the most cases.</summary>
    public const int Tests = 2000;

    /// <summary>The per-aspect and faithful-environment properties.</summary>
    public const int AspectTests = 1000;
    private static readonly CaseProfile Profile = CaseProfile.Everything("seed");

    [Property(MaxTest = AspectTests)]
    public Property Seed_buffers_match_the_oracle_except_findings() =>
        OracleProperty.Matches(Profile, KnownFindings.ExpectedForSeed, Aspect.Buffers, "seed (intended, findings excepted)");

    [Property(MaxTest = AspectTests)]
    public Property Seed_page_state_matches_the_oracle_except_findings() =>
        OracleProperty.Matches(Profile, KnownFindings.ExpectedForSeed, Aspect.Page, "seed (intended, findings excepted)");

    [Property(MaxTest = AspectTests)]
    public Property Seed_bios_and_disk_match_the_oracle_except_findings() =>
        OracleProperty.Matches(Profile, KnownFindings.ExpectedForSeed, Aspect.Bios, "seed (intended, findings excepted)");

    [Property(MaxTest = Tests)]
    public Property Seed_deviates_from_its_intent_exactly_where_F1_or_F4_applies() =>
        OracleProperty.SeedDeviatesExactlyWhereFindingsApply(Profile);

    /// <summary>The same, on cases drawn toward the findings' corners (hundreds of F1, F3 and F4 cases).</summary>
    [Property(MaxTest = Tests)]
    public Property Seed_deviates_exactly_where_findings_apply_on_finding_prone_cases() =>
        OracleProperty.SeedDeviatesExactlyWhereFindingsApply(CaseProfile.FindingProne("seed"));

    /// <summary>In the faithful 4.4 environment (encryption only with blockSize == pageSize, bio_alloc never fails) only F1 remains.</summary>
    [Property(MaxTest = AspectTests)]
    public Property Seed_in_the_faithful_environment_deviates_only_by_F1() =>
        OracleProperty.SeedDeviatesExactlyWhereFindingsApply(CaseProfile.Faithful("seed"));
}
