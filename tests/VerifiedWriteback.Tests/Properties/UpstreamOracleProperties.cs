using FsCheck;
using FsCheck.Xunit;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.Oracle;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>`upstream` against the oracle: every aspect holds for every case, adversarial ones included.</summary>
public sealed class UpstreamOracleProperties
{
    public const int Tests = 2000;
    private static readonly CaseProfile Profile = CaseProfile.Everything("4.4-fixed");

    private static WritePageOutcome Oracle(VerifiedWriteback.Reference.WritePageCase c) => WritePageOracle.Predict(c, OracleSemantics.Upstream);

    [Property(MaxTest = Tests)]
    public Property Upstream_buffers_match_the_oracle_per_class() =>
        OracleProperty.Matches(Profile, Oracle, Aspect.Buffers, OracleSemantics.Upstream.Name);

    [Property(MaxTest = Tests)]
    public Property Upstream_page_state_matches_the_oracle() =>
        OracleProperty.Matches(Profile, Oracle, Aspect.Page, OracleSemantics.Upstream.Name);

    [Property(MaxTest = Tests)]
    public Property Upstream_bios_and_disk_match_the_oracle() =>
        OracleProperty.Matches(Profile, Oracle, Aspect.Bios, OracleSemantics.Upstream.Name);
}
