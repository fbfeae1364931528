using System.Text.Json;
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
    public IReadOnlyList<MatrixEntry> Matrix { get; init; } = [];

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

    public static SweepConfig Load(string path) => Parse(File.ReadAllText(path), path);

    public static SweepConfig Parse(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = doc.RootElement;
            var config = new SweepConfig();
            if (root.TryGetProperty("engine", out var engine))
            {
                config = config with
                {
                    Engine = new EngineSettings
                    {
                        MaxSteps = engine.TryGetProperty("maxSteps", out var m) ? m.GetUInt32() : config.Engine.MaxSteps,
                        PctPriorityChangeBound = engine.TryGetProperty("pctPriorityChangeBound", out var p) ? p.GetUInt32() : config.Engine.PctPriorityChangeBound,
                        ProbabilisticLevel = engine.TryGetProperty("probabilisticLevel", out var l) ? l.GetUInt32() : config.Engine.ProbabilisticLevel,
                    },
                };
            }
            if (root.TryGetProperty("sweep", out var sweep))
            {
                config = config with
                {
                    Strategies = sweep.TryGetProperty("strategies", out var s) ? s.EnumerateArray().Select(x => x.GetString()!).ToArray() : config.Strategies,
                    Iterations = sweep.TryGetProperty("iterations", out var i) ? i.GetUInt32() : config.Iterations,
                    FindingIterations = sweep.TryGetProperty("findingIterations", out var f) ? f.GetUInt32() : config.FindingIterations,
                    Seed = sweep.TryGetProperty("seed", out var seed) ? seed.GetUInt32() : config.Seed,
                };
            }
            if (root.TryGetProperty("matrix", out var matrix))
            {
                config = config with
                {
                    Matrix = matrix.EnumerateArray().Select(c => new MatrixEntry(
                        c.GetProperty("scenario").GetString()!,
                        c.GetProperty("variant").GetString()!,
                        c.TryGetProperty("expect", out var x) ? x.GetString()! : MatrixEntry.Clean,
                        c.TryGetProperty("finding", out var fd) ? fd.GetString() : null)).ToArray(),
                };
            }
            config.Validate(source);
            return config;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ArgumentException($"{source}: not a valid sweep configuration ({e.Message})");
        }
    }

    private void Validate(string source)
    {
        foreach (var s in Strategies.Where(s => !EngineSettings.Strategies.Contains(s)))
        {
            throw new ArgumentException($"{source}: unknown strategy '{s}' (known: {string.Join(", ", EngineSettings.Strategies)})");
        }
        foreach (var c in Matrix)
        {
            if (ScenarioCatalog.Find(c.Scenario) is null)
            {
                throw new ArgumentException($"{source}: unknown scenario '{c.Scenario}' (known: {ScenarioCatalog.Names})");
            }
            if (VariantCatalog.Find(c.Variant) is null)
            {
                throw new ArgumentException($"{source}: unknown variant '{c.Variant}' (known: {VariantCatalog.Names})");
            }
            if (c.ExpectsBug && SpecCatalog.Find(c.Expect) is null)
            {
                throw new ArgumentException($"{source}: unknown expected outcome '{c.Expect}' (clean or a spec: {SpecCatalog.Names})");
            }
        }
    }
}
