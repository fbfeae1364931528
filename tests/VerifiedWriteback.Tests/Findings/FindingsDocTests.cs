using System.Text.RegularExpressions;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Kernel;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Findings;

/// <summary>
/// Keeps FINDINGS.md honest against the code: its catalogue and measured rows name exactly the
/// coyote.json cells that carry a finding, with their spec (which must exist) and their scenario's
/// environment; the H rows cite what Variants/HistoricalBugs.cs cites; the F1-F5 timelines are
/// exactly what `vwb explain` prints for the committed traces (a replay); every finding has a committed trace; the
/// mutant table lists exactly the mutants of tools/mutation/mutants.txt. The 20-seed measurement
/// itself is not rerun here: it belongs to tools/Findings.
/// </summary>
public sealed partial class FindingsDocTests
{
    private static readonly string Root = RepoRoot();
    private static readonly string Doc = File.ReadAllText(Path.Combine(Root, "FINDINGS.md"));
    private static readonly SweepConfig Config = SweepConfig.Load(Path.Combine(Root, "coyote.json"));
    private static readonly MatrixEntry[] FindingCells = Config.Matrix.Where(e => e.Finding is not null).ToArray();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VerifiedWriteback.sln")) && File.Exists(Path.Combine(dir.FullName, "FINDINGS.md")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no VerifiedWriteback.sln with FINDINGS.md above " + AppContext.BaseDirectory);
    }

    /// <summary>The text between &lt;!-- BEGIN name --&gt; and &lt;!-- END name --&gt;.</summary>
    private static string Section(string name)
    {
        var begin = Doc.IndexOf($"<!-- BEGIN {name} -->", StringComparison.Ordinal);
        var end = Doc.IndexOf($"<!-- END {name} -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"FINDINGS.md has no section '{name}'");
        return Doc[(begin + $"<!-- BEGIN {name} -->".Length)..end];
    }

    /// <summary>The body rows of the first markdown table of a section, split into trimmed cells.</summary>
    private static List<string[]> TableRows(string section)
    {
        var rows = section.Split('\n').Select(l => l.Trim()).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(rows.Count >= 2, "no markdown table");
        return rows.Skip(2).Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
    }

    private static string Key(string finding, string scenario, string variant, string spec) => $"{finding} {scenario} {variant} {spec}";

    private static string[] ExpectedKeys => FindingCells.Select(e => Key(e.Finding!, e.Scenario, e.Variant, e.Expect)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>What a scenario assumes of its environment, in the words of the catalogue.</summary>
    public static string EnvironmentOf(Scenario s)
    {
        if (s.Environment == EnvironmentAssumptions.Faithful)
        {
            return "faithful";
        }
        var dropped = new List<string>();
        if (s.BioAllocFaults > 0)
        {
            dropped.Add("fallible bio_alloc");
        }
        if (s.Encryption == EncryptionMode.Software && s.BlockSize < s.PageSize)
        {
            dropped.Add("sub-page encryption");
        }
        return $"{s.Environment.Name}: {string.Join(", ", dropped)}";
    }

    [Fact]
    public void TheCatalogueNamesExactlyTheFindingCellsOfCoyoteJson()
    {
        var rows = TableRows(Section("catalogue"));
        var keys = rows.Select(r => Key(r[0], r[1], r[2], r[3])).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ExpectedKeys, keys);
    }

    [Fact]
    public void EveryCataloguedSpecExistsAndEveryEnvironmentMatchesItsScenario()
    {
        foreach (var r in TableRows(Section("catalogue")))
        {
            Assert.True(SpecCatalog.Find(r[3]) is not null, $"{r[0]}: no spec '{r[3]}' in SpecCatalog ({SpecCatalog.Names})");
            var scenario = ScenarioCatalog.Find(r[1]);
            Assert.True(scenario is not null, $"{r[0]}: no scenario '{r[1]}'");
            Assert.Equal(EnvironmentOf(scenario), r[4]);
        }
    }

    [Fact]
    public void EveryHistoricalRowCitesWhatItsVariantCites()
    {
        foreach (var r in TableRows(Section("catalogue")).Where(r => r[0].StartsWith('H')))
        {
            var variant = VariantCatalog.Find(r[2]);
            Assert.NotNull(variant);
            Assert.NotNull(variant.Commit);
            Assert.Equal(variant.Commit, r[5]);
        }
    }

    [Theory]
    [InlineData("measured")]
    [InlineData("measured-independent")]
    public void TheMeasuredTableNamesExactlyTheFindingCells(string section)
    {
        var rows = TableRows(Section(section));
        var keys = rows.Select(r => Key(r[0], r[1], r[2], r[3])).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ExpectedKeys, keys);
        foreach (var r in rows)
        {
            // One "median / max (found/seeds)" column per strategy of the portfolio, then the shortest trace and the detours.
            Assert.Equal(4 + Config.Strategies.Count + 2, r.Length);
            Assert.All(r.Skip(4).Take(Config.Strategies.Count), c => Assert.Matches(MeasureCell(), c));
        }
    }

    [GeneratedRegex(@"^(\d+(\.\d)?|not found) / (\d+|>\d+) \(\d+/\d+\)$")]
    private static partial Regex MeasureCell();

    [Fact]
    public void EveryFindingHasACommittedTrace()
    {
        var traces = Directory.GetFiles(Path.Combine(Root, "tests", "traces"), "*.trace.json").Select(TraceFile.Load).ToArray();
        foreach (var cell in FindingCells.DistinctBy(c => c.Finding))
        {
            var trace = traces.FirstOrDefault(t => t.Finding == cell.Finding);
            Assert.True(trace is not null, $"no trace of {cell.Finding} in tests/traces");
            Assert.Contains(FindingCells, c => c.Finding == trace.Finding && c.Scenario == trace.Scenario && c.Variant == trace.Variant && c.Expect == trace.Spec);
        }
    }

    /// <summary>`vwb explain TRACE` run in-process, the trace named tests/traces/NAME as in FINDINGS.md, line ends trimmed.</summary>
    private static string Explain(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = VerifiedWriteback.Cli.Vwb.Run(["explain", path], stdout, stderr);
        Assert.True(code == 0, $"vwb explain {path} exited {code}: {stderr}");
        var text = stdout.ToString().Replace(path, $"tests/traces/{Path.GetFileName(path)}", StringComparison.Ordinal);
        return string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');
    }

    [GeneratedRegex(@"`vwb explain tests/traces/([\w.-]+\.trace\.json)`:\s*```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExplainBlock();

    [Theory]
    [InlineData("F1")]
    [InlineData("F2")]
    [InlineData("F3")]
    [InlineData("F4")]
    [InlineData("F5")]
    public void TheTimelineIsWhatVwbExplainPrintsForTheCommittedTrace(string finding)
    {
        var blocks = ExplainBlock().Matches(Section($"timeline {finding}"));
        Assert.True(blocks.Count > 0, $"the {finding} section holds no `vwb explain` block");
        foreach (Match block in blocks)
        {
            var name = block.Groups[1].Value;
            var path = Path.Combine(Root, "tests", "traces", name);
            Assert.True(File.Exists(path), $"{name} is not in tests/traces");
            var trace = TraceFile.Load(path);
            Assert.Equal(finding, trace.Finding);
            Assert.True(Replayer.Replay(trace).Reproduced, $"{name} no longer reproduces {trace.Spec}");
            var documented = string.Join('\n', block.Groups[2].Value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');
            Assert.Equal(Explain(path), documented);
        }
    }

    [Fact]
    public void TheMutantTableListsExactlyTheMutantsOfTheList()
    {
        var listed = File.ReadAllLines(Path.Combine(Root, "tools", "mutation", "mutants.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToArray();
        Assert.True(listed.Length >= 30, $"only {listed.Length} mutants");
        var rows = TableRows(Section("mutants"));
        Assert.Equal(listed, rows.Select(r => r[0]).ToArray());
    }
}
