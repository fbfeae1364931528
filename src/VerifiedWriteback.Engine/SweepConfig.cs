using System.Text.Json.Serialization;
using VerifiedWriteback.Json;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Engine;

/// <summary>One cell of the matrix: what a variant must do in a scenario ("clean" or the violated spec).</summary>
public sealed record MatrixEntry(string Scenario, string Variant, string Expect, string? Finding)
{
    public const string Clean = "clean";
    public bool ExpectsBug => Expect != Clean;
}

/// <summary>
/// The sweep configuration read from coyote.json: engine settings, the strategy portfolio, the
/// iteration budgets, the base seed, and the matrix of expected outcomes. Every name in it is
/// checked against the model, so a typo is one clear error instead of a silently empty sweep.
/// </summary>
public sealed record SweepConfig
{
    public EngineSettings Engine { get; init; } = new();
    public IReadOnlyList<string> Strategies { get; init; } = ["random"];
    /// <summary>Iterations of a cell expected to stay clean.</summary>
    public uint Iterations { get; init; } = 200;
    /// <summary>Iteration budget within which an expected bug must be found.</summary>
    public uint FindingIterations { get; init; } = 10_000;
    public uint Seed { get; init; } = 1;
    /// <summary>Wall-clock limit of each cell, in seconds (none when null).</summary>
    public uint? TimeoutSeconds { get; init; }
    public IReadOnlyList<MatrixEntry> Matrix { get; init; } = [];
    /// <summary>Measured seconds per cell (<see cref="CellCosts"/>): how shards are balanced, never what a cell does.</summary>
    public IReadOnlyDictionary<string, double> Costs { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    public const string DefaultFile = "coyote.json";

    /// <summary>coyote.json from the current folder or the nearest folder above it.</summary>
    public static string? FindDefault(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static SweepConfig Load(string path) => Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));

    /// <summary>
    /// Reads a coyote.json (comments allowed): the contract (<see cref="ConfigDocument"/>) refuses
    /// unknown fields and wrong types; <see cref="FromDocument"/> checks names and ranges. Any
    /// problem is one <see cref="ArgumentException"/> line that starts with <paramref name="source"/>.
    /// A "costsFile" is read relative to <paramref name="folder"/> (the file's folder).
    /// </summary>
    public static SweepConfig Parse(string json, string source, string? folder = null)
    {
        ConfigDocument document;
        try
        {
            document = StrictJson.Read(json, EngineJsonContext.Default.ConfigDocument, allowComments: true);
        }
        catch (JsonInputError e)
        {
            throw new ArgumentException($"{source}: not a valid sweep configuration ({e.Message})");
        }
        return FromDocument(document, source, folder);
    }

    /// <summary>The configuration a parsed coyote.json (or the "config" of a report) describes, checked against the model.</summary>
    public static SweepConfig FromDocument(ConfigDocument d, string source, string? folder = null)
    {
        var engine = d.Engine ?? new EngineDocument();
        var sweep = d.Sweep ?? new SweepDocument();
        var config = new SweepConfig
        {
            Engine = new EngineSettings
            {
                MaxSteps = engine.MaxSteps,
                PctPriorityChangeBound = engine.PctPriorityChangeBound,
                ProbabilisticLevel = engine.ProbabilisticLevel,
            },
            Strategies = [.. sweep.Strategies],
            Iterations = sweep.Iterations,
            FindingIterations = sweep.FindingIterations,
            Seed = sweep.Seed,
            TimeoutSeconds = sweep.TimeoutSeconds,
            Matrix = (d.Matrix ?? []).Select((e, i) => e is { Scenario: { } scenario, Variant: { } variant }
                ? new MatrixEntry(scenario, variant, e.Expect, e.Finding)
                : throw new ArgumentException($"{source}: matrix[{i}] needs a scenario and a variant")).ToArray(),
        };
        config.Validate(source);
        return config with { Costs = CostsOf(d, sweep, source, folder) };
    }

    /// <summary>The inline "costs", or the table "sweep.costsFile" names (one of the two at most).</summary>
    private static SortedDictionary<string, double> CostsOf(ConfigDocument d, SweepDocument sweep, string source, string? folder)
    {
        if (sweep.CostsFile is not { } file)
        {
            return CellCosts.Checked(d.Costs ?? [], source);
        }
        if (d.Costs is not null)
        {
            throw new ArgumentException($"{source}: give the costs inline (costs) or in a file (sweep.costsFile), not both");
        }
        if (folder is null)
        {
            throw new ArgumentException($"{source}: sweep.costsFile is read only from a configuration file on disk");
        }
        if (file.Length == 0 || file.IndexOfAny(['\0', '\n', '\r']) >= 0)
        {
            throw new ArgumentException($"{source}: sweep.costsFile must be a file name");
        }
        return CellCosts.Load(Path.Combine(folder, file), source);
    }

    /// <summary>This configuration in coyote.json's own shape (so a report's "config" is a valid --config file).</summary>
    public ConfigDocument ToDocument() => new()
    {
        Engine = new EngineDocument
        {
            MaxSteps = Engine.MaxSteps,
            PctPriorityChangeBound = Engine.PctPriorityChangeBound,
            ProbabilisticLevel = Engine.ProbabilisticLevel,
        },
        Sweep = new SweepDocument
        {
            Strategies = [.. Strategies],
            Iterations = Iterations,
            FindingIterations = FindingIterations,
            Seed = Seed,
            TimeoutSeconds = TimeoutSeconds,
        },
        Matrix = Matrix.Select(e => new MatrixEntryDocument { Scenario = e.Scenario, Variant = e.Variant, Expect = e.Expect, Finding = e.Finding }).ToList(),
        // Inline, so a report's "config" and a --parallel child's config.json carry the table itself.
        Costs = Costs.Count == 0 ? null : new SortedDictionary<string, double>(Costs.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal),
    };

    /// <summary>Names the model knows, numbers in range, each cell once: anything else is one line naming the field.</summary>
    private void Validate(string source)
    {
        void Refuse(string what) => throw new ArgumentException($"{source}: {what}");
        static string Show(string text) => StrictJson.OneLine(text, 60);

        if (Engine.MaxSteps == 0)
        {
            Refuse("engine.maxSteps must be at least 1 (the scheduling steps of one iteration)");
        }
        if (Strategies.Count == 0)
        {
            Refuse($"sweep.strategies is empty (known: {string.Join(", ", EngineSettings.Strategies)})");
        }
        foreach (var s in Strategies.Where(s => !EngineSettings.Strategies.Contains(s)))
        {
            Refuse($"unknown strategy '{Show(s ?? "null")}' (known: {string.Join(", ", EngineSettings.Strategies)})");
        }
        foreach (var s in Strategies.GroupBy(s => s).Where(g => g.Count() > 1))
        {
            Refuse($"sweep.strategies names '{s.Key}' twice: each strategy runs every cell once");
        }
        if (Iterations == 0)
        {
            Refuse("sweep.iterations must be at least 1");
        }
        if (FindingIterations == 0)
        {
            Refuse("sweep.findingIterations must be at least 1");
        }
        if (TimeoutSeconds == 0)
        {
            Refuse("sweep.timeoutSeconds must be at least 1 (leave it out for no limit)");
        }
        if (Matrix.Count == 0)
        {
            Refuse("the matrix is empty: nothing to sweep");
        }
        var seen = new Dictionary<(string, string), int>();
        foreach (var (c, i) in Matrix.Select((c, i) => (c, i)))
        {
            if (ScenarioCatalog.Find(c.Scenario) is null)
            {
                Refuse($"unknown scenario '{Show(c.Scenario)}' (known: {ScenarioCatalog.Names})");
            }
            if (VariantCatalog.Find(c.Variant) is null)
            {
                Refuse($"unknown variant '{Show(c.Variant)}' (known: {VariantCatalog.Names})");
            }
            if (c.ExpectsBug && SpecCatalog.Find(c.Expect) is null)
            {
                Refuse($"unknown expected outcome '{Show(c.Expect)}' (clean or a spec: {SpecCatalog.Names})");
            }
            if (!seen.TryAdd((c.Scenario, c.Variant), i))
            {
                Refuse($"matrix[{i}] repeats scenario '{c.Scenario}' with variant '{c.Variant}' (matrix[{seen[(c.Scenario, c.Variant)]}]): each cell is listed once");
            }
        }
    }
}

/// <summary>coyote.json as JSON sees it: each section optional, each value with the default of <see cref="SweepConfig"/>.</summary>
public sealed record ConfigDocument
{
    [JsonPropertyName("$comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; set; }
    public EngineDocument? Engine { get; set; }
    public SweepDocument? Sweep { get; set; }
    public List<MatrixEntryDocument>? Matrix { get; set; }
    /// <summary>Measured seconds per cell, inline (see <see cref="CellCosts"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, double>? Costs { get; set; }
}

/// <summary>coyote.json "engine": Coyote's limits.</summary>
public sealed record EngineDocument
{
    [JsonPropertyName("$comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; set; }
    public uint MaxSteps { get; set; } = EngineSettings.Defaults.MaxSteps;
    public uint PctPriorityChangeBound { get; set; } = EngineSettings.Defaults.PctPriorityChangeBound;
    public uint ProbabilisticLevel { get; set; } = EngineSettings.Defaults.ProbabilisticLevel;
}

/// <summary>coyote.json "sweep": the strategy portfolio, the budgets, the base seed, the time limit of a cell.</summary>
public sealed record SweepDocument
{
    private static readonly SweepConfig Defaults = new();

    [JsonPropertyName("$comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; set; }
    public List<string> Strategies { get; set; } = [.. Defaults.Strategies];
    public uint Iterations { get; set; } = Defaults.Iterations;
    public uint FindingIterations { get; set; } = Defaults.FindingIterations;
    public uint Seed { get; set; } = Defaults.Seed;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? TimeoutSeconds { get; set; }
    /// <summary>A cost table file (<see cref="CellCosts"/>), relative to the configuration's folder.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CostsFile { get; set; }
}

/// <summary>One entry of coyote.json "matrix".</summary>
public sealed record MatrixEntryDocument
{
    [JsonPropertyName("$comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; set; }
    public string? Scenario { get; set; }
    public string? Variant { get; set; }
    public string Expect { get; set; } = MatrixEntry.Clean;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Finding { get; set; }
}
