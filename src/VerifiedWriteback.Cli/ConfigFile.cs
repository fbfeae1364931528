using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli;

/// <summary>
/// The sweep configuration a command reads: --config FILE, else the nearest coyote.json above the
/// current folder. A file that cannot be read or is not a valid configuration is one <see cref="UsageError"/> line.
/// </summary>
public static class ConfigFile
{
    /// <summary>The configuration and its path; null when none was given and none is found.</summary>
    public static (string Path, SweepConfig Config)? Find(string? given)
    {
        var path = (given is not null ? Paths.InputFile(given, "--config") : null) ?? SweepConfig.FindDefault();
        if (path is null)
        {
            return null;
        }
        try
        {
            return (path, SweepConfig.Load(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageError($"cannot read {path}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new UsageError(e.Message);
        }
    }
}
