using System.Security.Cryptography;
using System.Text.Json;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// The fingerprint of the configuration a sweep ran: shards of one sweep share it, and a merge
/// refuses reports whose fingerprints differ. It is taken over the configuration in coyote.json's
/// own shape (<see cref="SweepConfig.ToDocument"/>, compact), so it is the same on every machine.
/// </summary>
public static class ConfigJson
{
    public static string Fingerprint(SweepConfig config)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(config.ToDocument(), EngineJsonContext.Default.ConfigDocument);
        return Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
    }
}
