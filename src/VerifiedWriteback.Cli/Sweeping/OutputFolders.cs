namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>Where a sweep or a merge writes when --out is not given: out/KIND-yyyyMMdd-HHmmss (UTC) in the current folder.</summary>
public static class OutputFolders
{
    public static string Default(string kind)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine("out", $"{kind}-{stamp}");
        for (var n = 2; Directory.Exists(path); n++)
        {
            path = Path.Combine("out", $"{kind}-{stamp}-{n}");
        }
        return path;
    }
}
