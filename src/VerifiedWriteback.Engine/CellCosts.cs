using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Json;

namespace VerifiedWriteback.Engine;

/// <summary>
/// The measured cost of each sweep cell, in seconds, keyed "scenario/variant/strategy". It only
/// steers how cells are spread over shards and --parallel children (longest first, onto the least
/// loaded); the outcome of a cell never depends on it. Being part of the configuration (and so of
/// its fingerprint), it is the same on every machine of a sharded sweep, which therefore computes
/// the same partition. `vwb costs REPORT` writes it from the seconds a sweep measured.
/// </summary>
public static class CellCosts
{
    public const string Format = "vwb-cell-costs/1";

    /// <summary>No measured cost is larger: a week per cell is a typo, not a measurement.</summary>
    public const double MaxSeconds = 7 * 24 * 3600;

    public static string Key(string scenario, string variant, string strategy) => $"{scenario}/{variant}/{strategy}";

    /// <summary>A cost table in its own file (the "costsFile" of a coyote.json); any problem is one <see cref="ArgumentException"/> line.</summary>
    public static SortedDictionary<string, double> Load(string path, string source)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{source}: cannot read the cost table {StrictJson.OneLine(path, 80)}: {StrictJson.OneLine(e.Message, 80)}");
        }
        CellCostsDocument document;
        try
        {
            document = StrictJson.Read(text, EngineJsonContext.Default.CellCostsDocument);
        }
        catch (JsonInputError e)
        {
            throw new ArgumentException($"{path}: not a valid cost table ({e.Message})");
        }
        if (document.Format != Format)
        {
            throw new ArgumentException($"{path}: not a cost table (format '{StrictJson.OneLine(document.Format ?? "", 40)}', expected '{Format}'; write one with vwb costs)");
        }
        return Checked(document.Costs ?? [], path);
    }

    /// <summary>
    /// The table with every key naming a known scenario, variant and strategy and every value a
    /// number of seconds in [0, <see cref="MaxSeconds"/>]; ordinal key order, so it serializes the same everywhere.
    /// </summary>
    public static SortedDictionary<string, double> Checked(IDictionary<string, double> costs, string source)
    {
        var table = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, seconds) in costs)
        {
            var parts = key.Split('/');
            string Show() => StrictJson.OneLine(key, 60);
            if (parts.Length != 3)
            {
                throw new ArgumentException($"{source}: cost key '{Show()}' is not scenario/variant/strategy");
            }
            if (ScenarioCatalog.Find(parts[0]) is null || VariantCatalog.Find(parts[1]) is null || !EngineSettings.Strategies.Contains(parts[2]))
            {
                throw new ArgumentException($"{source}: cost key '{Show()}' names no cell this model has (regenerate the table with vwb costs)");
            }
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > MaxSeconds)
            {
                throw new ArgumentException($"{source}: cost of '{Show()}' must be between 0 and {MaxSeconds.ToString(CultureInfo.InvariantCulture)} seconds");
            }
            table[key] = seconds;
        }
        return table;
    }

    /// <summary>The cost file's text for <paramref name="costs"/>.</summary>
    public static string ToFileText(IReadOnlyDictionary<string, double> costs, string comment) =>
        JsonSerializer.Serialize(new CellCostsDocument
        {
            Comment = comment,
            Format = Format,
            Costs = new SortedDictionary<string, double>(costs.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal),
        }, EngineJsonContext.Indented.CellCostsDocument) + "\n";
}

/// <summary>A cost table file: "format" and "costs" (seconds by "scenario/variant/strategy").</summary>
public sealed record CellCostsDocument
{
    [JsonPropertyName("$comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; set; }
    public string? Format { get; set; }
    public SortedDictionary<string, double>? Costs { get; set; }
}
