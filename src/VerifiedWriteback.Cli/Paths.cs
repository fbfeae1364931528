using VerifiedWriteback.Json;

namespace VerifiedWriteback.Cli;

/// <summary>
/// Every path vwb is given is checked here before it is used, so a path that cannot work is one
/// <see cref="UsageError"/> line, given before anything is written to stdout: an empty path, a
/// path with a control character in it (a newline pasted by mistake), a folder where a file is
/// meant or a file where a folder is meant, an output folder that cannot be created or written.
/// </summary>
public static class Paths
{
    /// <summary>The standard input, where a command reads it (`vwb run -`).</summary>
    public const string StandardInput = "-";

    /// <summary>A file to read.</summary>
    public static string InputFile(string path, string what)
    {
        Plain(path, what);
        if (Directory.Exists(path))
        {
            throw new UsageError($"{what} {Show(path)} is a folder, not a file");
        }
        return path;
    }

    /// <summary>A file or a folder to read (vwb merge REPORT).</summary>
    public static string InputPath(string path, string what) => Plain(path, what);

    /// <summary>A file to write (explain --out): not a folder, its folder creatable.</summary>
    public static string OutputFile(string path, string what)
    {
        Plain(path, what);
        if (Directory.Exists(path))
        {
            throw new UsageError($"{what} {Show(path)} is a folder, not a file");
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && File.Exists(folder))
        {
            throw new UsageError($"{what} {Show(path)}: {Show(folder)} is a file, not a folder");
        }
        return path;
    }

    /// <summary>A folder to write reports to (sweep --out, merge --out): not an existing file. Nothing is created yet.</summary>
    public static string OutputFolder(string path, string what)
    {
        Plain(path, what);
        if (File.Exists(path))
        {
            throw new UsageError($"{what} {Show(path)} is a file, not a folder");
        }
        return path;
    }

    /// <summary>
    /// Creates <paramref name="folder"/> and checks that a file can be written in it (a read-only
    /// file system, /proc, a full disk are refused here, before the run starts).
    /// </summary>
    public static void MakeWritableFolder(string folder, string what)
    {
        var probe = Path.Combine(folder, $".vwb-write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageError($"cannot write {what} to {Show(folder)}: {e.Message}");
        }
    }

    /// <summary>A path as a message shows it: on one line, escapes for control characters, cut when very long.</summary>
    public static string Show(string path) => StrictJson.OneLine(path, 160);

    private static string Plain(string path, string what)
    {
        if (path.Length == 0)
        {
            throw new UsageError($"{what} is an empty path");
        }
        if (path.Any(c => char.IsControl(c)))
        {
            throw new UsageError($"{what} '{Show(path)}' has a control character in it");
        }
        return path;
    }
}
