using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Fuzzing;

/// <summary>
/// Every path argument of vwb given an empty or odd value: empty, a control character (a pasted
/// newline, a NUL), a folder where a file is read or written, a file where a folder is written, a
/// file that does not exist, an output that cannot be written (/dev/full, /proc, a file as the
/// parent folder). Each is one line and exit 1, before anything is written to stdout.
/// </summary>
public sealed class PathFuzz : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public PathFuzz()
    {
        scratch.Write("config.json", ConfigFileFuzz.GoodText);
        scratch.Write("a-file", "not a folder");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "a-folder"));
    }

    public void Dispose() => scratch.Dispose();

    private static string Trace => TraceCorpus.PathOf("f1-sync-enomem.trace.json");

    private static Gen<string> WithControl =>
        from before in Gen.Elements("", "case", "{scratch}/", "out/")
        from control in Gen.Elements('\n', '\r', '\t', '\0', '\u0001', '\u001b', '\u007f', '\u0085', '\u009f')
        from after in Gen.Elements("", ".json", "x", "\n")
        select $"{before}{control}{after}";

    /// <summary>Odd paths for a file vwb reads.</summary>
    private static Gen<(string Category, string Path)> BadInputPath =>
        Gen.OneOf(
            Gen.Constant(("empty path", "")),
            WithControl.Select(p => ("control character", p)),
            Gen.Elements("{scratch}/a-folder", "{scratch}", "/").Select(p => ("folder for a file", p)),
            Gen.Elements("{scratch}/no-such.json", "{scratch}/a-file/x.json", "{scratch}/a-folder/none").Select(p => ("missing file", p)));

    /// <summary>Odd paths for a file vwb writes (explain --out).</summary>
    private static Gen<(string Category, string Path)> BadOutputFile =>
        Gen.OneOf(
            Gen.Constant(("empty path", "")),
            WithControl.Select(p => ("control character", p)),
            Gen.Elements("{scratch}/a-folder", "{scratch}", "/tmp").Select(p => ("folder for a file", p)),
            Gen.Elements("{scratch}/a-file/x.html", "/dev/full", "/proc/vwb-no-such.html").Select(p => ("unwritable output", p)));

    /// <summary>Odd paths for a folder vwb writes (sweep --out, merge --out).</summary>
    private static Gen<(string Category, string Path)> BadOutputFolder =>
        Gen.OneOf(
            Gen.Constant(("empty path", "")),
            WithControl.Select(p => ("control character", p)),
            Gen.Elements("{scratch}/a-file", "/dev/full", "/dev/null").Select(p => ("file for a folder", p)),
            Gen.Elements("{scratch}/a-file/out", "/proc/vwb-no-such", "/proc", "/sys/vwb-no-such").Select(p => ("unwritable output", p)));

    public static Gen<BadInput> Inputs { get; } = Gen.OneOf(
        from p in BadInputPath select new BadInput(p.Category, "run CASE", null, ["run", p.Path]),
        from p in BadInputPath select new BadInput(p.Category, "replay TRACE", null, ["replay", p.Path]),
        from p in BadInputPath select new BadInput(p.Category, "explain TRACE", null, ["explain", p.Path]),
        from p in BadInputPath select new BadInput(p.Category, "sweep --config", null, ["sweep", "--config", p.Path, "--plain"]),
        from p in BadInputPath.Where(p => p.Path != "{scratch}/a-folder" && p.Path != "{scratch}" && p.Path != "/")
        select new BadInput(p.Category, "merge REPORT", null, ["merge", p.Path, "--out", "{scratch}/merged"]),
        from p in BadOutputFile select new BadInput(p.Category, "explain --out", null, ["explain", Trace, "--format", "text", "--out", p.Path]),
        from p in BadOutputFolder select new BadInput(p.Category, "sweep --out", null, ["sweep", "--config", "{scratch}/config.json", "--out", p.Path, "--plain"]),
        from p in BadOutputFolder select new BadInput(p.Category, "merge --out", null, ["merge", "{scratch}/a-folder", "--out", p.Path]));

    public static readonly string[] Categories = ["empty path", "control character", "folder for a file", "missing file", "file for a folder", "unwritable output"];

    public const int Cases = 300;

    [Fact]
    public void The_generator_covers_every_category() => FuzzContract.CoversEveryCategory(Inputs, Categories);

    [Property(MaxTest = Cases)]
    public Property Every_odd_path_is_one_line_and_exit_1() =>
        Prop.ForAll(Arb.From(Inputs), bad => FuzzContract.Holds(bad, scratch));
}
