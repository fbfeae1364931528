using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VerifiedWriteback.Tests.Docs;

/// <summary>
/// Keeps README.md's seed-line table honest. The C# of ext4_bio_write_page marks each seed
/// statement with "// Lnn" (nn counted from the seed's `int ext4_bio_write_page(` line); the
/// README maps each nn to a C# file and line. This test reads both: every marker has exactly one
/// row, every row's C# line really carries its marker. When code moves, the failure message
/// prints the corrected table to paste into the README.
/// </summary>
public sealed partial class ReadmeSeedTableTests
{
    private const string WritePageFile = "src/VerifiedWriteback.Ext4/Linux/PageIo.WritePage.cs";

    /// <summary>"// L52" marks seed line 52; the first marker on a line counts.</summary>
    [GeneratedRegex(@"//\s*L(\d+)\b")]
    private static partial Regex Marker();

    /// <summary>A table row: "| L52 | [PageIo.WritePage.cs:54](src/…/PageIo.WritePage.cs#L54) |".</summary>
    [GeneratedRegex(@"^\|\s*L(\d+)\s*\|\s*\[([^\]:]+):(\d+)\]\(([^)#\s]+)#L(\d+)\)\s*\|\s*$")]
    private static partial Regex Row();

    private sealed record TableRow(int SeedLine, string Text, int TextLine, string Path, int AnchorLine, int ReadmeLine);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VerifiedWriteback.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no VerifiedWriteback.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Seed line -> C# line of its marker in <see cref="WritePageFile"/>.</summary>
    private static SortedDictionary<int, int> MarkersInCode(string root)
    {
        var markers = new SortedDictionary<int, int>();
        var lines = File.ReadAllLines(Path.Combine(root, WritePageFile));
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Marker().Match(lines[i]);
            if (m.Success)
            {
                var seed = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.False(markers.ContainsKey(seed), $"seed line L{seed} is marked twice in {WritePageFile} (lines {markers.GetValueOrDefault(seed)} and {i + 1})");
                markers[seed] = i + 1;
            }
        }
        return markers;
    }

    private static List<TableRow> RowsInReadme(string root)
    {
        var rows = new List<TableRow>();
        var lines = File.ReadAllLines(Path.Combine(root, "README.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Row().Match(lines[i]);
            if (m.Success)
            {
                int N(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
                rows.Add(new TableRow(N(1), m.Groups[2].Value, N(3), m.Groups[4].Value, N(5), i + 1));
            }
        }
        return rows;
    }

    /// <summary>The table the README should hold, for the failure message.</summary>
    private static string ExpectedTable(SortedDictionary<int, int> markers)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Seed line | C# |");
        sb.AppendLine("|---|---|");
        foreach (var (seed, line) in markers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| L{seed} | [{Path.GetFileName(WritePageFile)}:{line}]({WritePageFile}#L{line}) |");
        }
        return sb.ToString();
    }

    [Fact]
    public void Every_seed_marker_in_the_code_has_exactly_one_readme_row_pointing_at_it()
    {
        var root = RepoRoot();
        var markers = MarkersInCode(root);
        var rows = RowsInReadme(root);
        var fix = "\nREADME.md's seed-line table should be:\n" + ExpectedTable(markers);

        Assert.True(markers.Count >= 50, $"only {markers.Count} // Lnn markers found in {WritePageFile}");
        Assert.True(rows.Count > 0, "README.md has no seed-line table rows" + fix);

        var problems = new List<string>();
        foreach (var dup in rows.GroupBy(r => r.SeedLine).Where(g => g.Count() > 1))
        {
            problems.Add($"L{dup.Key} has {dup.Count()} rows");
        }
        foreach (var missing in markers.Keys.Except(rows.Select(r => r.SeedLine)))
        {
            problems.Add($"L{missing} is marked in the code but has no README row");
        }
        foreach (var row in rows)
        {
            var where = $"README.md:{row.ReadmeLine} (L{row.SeedLine})";
            if (row.Text != Path.GetFileName(row.Path) || row.TextLine != row.AnchorLine)
            {
                problems.Add($"{where}: link text {row.Text}:{row.TextLine} does not match its target {row.Path}#L{row.AnchorLine}");
            }
            var file = Path.Combine(root, row.Path);
            if (!File.Exists(file))
            {
                problems.Add($"{where}: {row.Path} does not exist");
                continue;
            }
            var lines = File.ReadAllLines(file);
            if (row.AnchorLine < 1 || row.AnchorLine > lines.Length)
            {
                problems.Add($"{where}: {row.Path} has no line {row.AnchorLine}");
                continue;
            }
            var m = Marker().Match(lines[row.AnchorLine - 1]);
            var found = m.Success ? "L" + m.Groups[1].Value : "no marker";
            if (!m.Success || int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) != row.SeedLine)
            {
                problems.Add($"{where}: {row.Path}:{row.AnchorLine} carries {found}");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems) + fix);

        var order = rows.Select(r => r.SeedLine).ToArray();
        Assert.True(order.SequenceEqual(order.Order()), "README seed-line rows are not in seed-line order" + fix);
    }
}
