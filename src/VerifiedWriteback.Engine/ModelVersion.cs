namespace VerifiedWriteback.Engine;

/// <summary>
/// The version of the model's behaviour. A saved trace is a list of scheduling decisions; it
/// replays only on the model that made it. Bump this whenever a change alters the sequence of
/// scheduling points or choices (a new Interleave, a new actor message, a new fault site), and
/// re-record tests/traces/.
/// </summary>
public static class ModelVersion
{
    public const string Current = "vwb-model-2";
}
