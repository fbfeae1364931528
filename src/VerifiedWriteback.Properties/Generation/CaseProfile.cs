namespace VerifiedWriteback.Properties.Generation;

/// <summary>
/// What a generator may produce. `vwb run` always runs in the adversarial environment (every fault
/// is stated in the case), so the generators may leave the faithful 4.4 environment: encryption with
/// blocks smaller than the page, and bio_alloc failing. <see cref="EnvironmentTags"/> says which a case needs.
/// </summary>
public sealed record CaseProfile(string Variant, bool Adversarial, CaseWeights Weights)
{
    public static CaseProfile Faithful(string variant) => new(variant, false, CaseWeights.Kernel);

    public static CaseProfile Everything(string variant) => new(variant, true, CaseWeights.Kernel);

    /// <summary>Adversarial, leaning toward the corners where the seed's findings live.</summary>
    public static CaseProfile FindingProne(string variant) => new(variant, true, CaseWeights.FindingProne);

    public string Name => $"{Variant}, {(Adversarial ? "adversarial" : "faithful")}{(Weights == CaseWeights.FindingProne ? ", finding-prone" : "")}";
}
