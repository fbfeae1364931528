using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Engine;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Fuzzing;

/// <summary>
/// `vwb sweep --config FILE` on malformed configurations: the small sweep below broken in one
/// way — a value of the wrong JSON type, an unknown field in any section, a cut, a bad escape, a
/// number out of range (a zero budget, step limit or time limit; negative, fractional or
/// too large numbers), a name the model does not know, a matrix entry or a strategy listed
/// twice, a duplicated key. Each is refused before the sweep starts: no report folder appears.
/// </summary>
public sealed class ConfigFileFuzz : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    public const string GoodText = """
        {
          "$comment": "a small sweep",
          "engine": {"maxSteps": 5000, "pctPriorityChangeBound": 10, "probabilisticLevel": 3},
          "sweep": {"strategies": ["random", "pct"], "iterations": 2, "findingIterations": 50, "seed": 1, "timeoutSeconds": 30},
          "matrix": [
            {"scenario": "sync-enomem", "variant": "seed", "expect": "SyncIntegrity", "finding": "F1"},
            {"scenario": "hardware-encryption", "variant": "seed", "expect": "clean"}
          ]
        }
        """;

    private static readonly JsonNode Good = JsonNode.Parse(GoodText)!;

    /// <summary>
    /// Each field and the JSON kinds under which the configuration can still be valid. A null
    /// "engine" is valid (the defaults) and so excluded here; a null "sweep" would be valid too
    /// but would run the default budgets, so it is excluded as well.
    /// </summary>
    private static readonly (string Path, Kind[] Accepted)[] Fields =
    [
        ("$comment", [Kind.String, Kind.Null]), ("engine", [Kind.Object, Kind.Null]), ("sweep", [Kind.Object, Kind.Null]), ("matrix", [Kind.Array]),
        ("engine.maxSteps", [Kind.Integer]), ("engine.pctPriorityChangeBound", [Kind.Integer]), ("engine.probabilisticLevel", [Kind.Integer]),
        ("sweep.strategies", [Kind.Array]), ("sweep.strategies[1]", [Kind.String]), ("sweep.iterations", [Kind.Integer]),
        ("sweep.findingIterations", [Kind.Integer]), ("sweep.seed", [Kind.Integer]), ("sweep.timeoutSeconds", [Kind.Integer, Kind.Null]),
        ("matrix[0]", [Kind.Object]), ("matrix[1].scenario", [Kind.String]), ("matrix[0].variant", [Kind.String]),
        ("matrix[0].expect", [Kind.String]), ("matrix[0].finding", [Kind.String, Kind.Null]),
    ];

    private static readonly (string Path, string[] Known)[] Objects =
    [
        ("", ["$comment", "engine", "sweep", "matrix", "costs"]),
        ("engine", ["$comment", "maxSteps", "pctPriorityChangeBound", "probabilisticLevel"]),
        ("sweep", ["$comment", "strategies", "iterations", "findingIterations", "seed", "timeoutSeconds", "costsFile"]),
        ("matrix[1]", ["$comment", "scenario", "variant", "expect", "finding"]),
    ];

    private static BadInput Sweep(string category, string description, string text) =>
        new(category, description, text, ["sweep", "--config", "{file}", "--out", "{scratch}/out", "--plain"]);

    private static Gen<BadInput> WrongType =>
        from f in Gen.Elements(Fields)
        from value in JsonMutation.WrongValue(f.Accepted)
        where !(value.Raw == "{}" && f.Path is "engine" or "sweep") && !(f.Path == "sweep.strategies" && value.Raw == "[\"ok\"]")
        select Sweep("wrong type", $"{f.Path} = {value.Raw} ({value.Kind})", JsonMutation.WithRaw(Good, f.Path, value.Raw));

    private static Gen<BadInput> UnknownField =>
        from owner in Gen.Elements(Objects)
        from name in JsonMutation.UnknownName(owner.Known)
        from value in Gen.Elements(JsonMutation.AllKinds).SelectMany(JsonMutation.ValueOf)
        select Sweep("unknown field", $"{name} in '{owner.Path}'", JsonMutation.WithRawProperty(Good, owner.Path, name, value));

    private static Gen<BadInput> Truncation =>
        JsonMutation.Truncated(GoodText).Select(t => Sweep("truncation", $"the first {t.Length} characters", t));

    private static Gen<BadInput> BadEscape =>
        from f in Gen.Elements("$comment", "sweep.strategies[0]", "matrix[0].scenario", "matrix[1].variant", "matrix[0].expect", "matrix[0].finding")
        from bad in JsonMutation.BadString
        from inKey in ArbMap.Default.GeneratorFor<bool>()
        select inKey && !f.Contains('[', StringComparison.Ordinal)
            ? Sweep("bad escape", $"key of {f} = {bad}", JsonMutation.WithRawKey(Good, f, bad))
            : Sweep("bad escape", $"{f} = {bad}", JsonMutation.WithRaw(Good, f, bad));

    private static Gen<BadInput> OutOfRange =>
        from change in Gen.OneOf(
            from f in Gen.Elements("engine.maxSteps", "sweep.iterations", "sweep.findingIterations", "sweep.timeoutSeconds")
            from v in Gen.Elements("0", "-1", "-0.5", "0.5", "4294967296", "1e400", "-9223372036854775809")
            select (Field: f, V: v),
            from f in Gen.Elements("engine.pctPriorityChangeBound", "engine.probabilisticLevel", "sweep.seed")
            from v in Gen.Elements("-1", "1.5", "4294967296", "1e400", "-4294967295")
            select (Field: f, V: v))
        select Sweep("out of range", $"{change.Field} {change.V}", JsonMutation.WithRaw(Good, change.Field, change.V));

    private static Gen<string> NameOutside(params string[] valid) =>
        Gen.OneOf(Gen.Elements("", "Random", "dfs", "sync_enomem", "SyncIntegrity ", "Clean", "h6", "mainline", "pool-deadlock "),
                ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get))
            .Where(s => !valid.Contains(s) && s.All(c => !char.IsSurrogate(c)))
            .Select(s => JsonValue.Create(s)!.ToJsonString());

    private static Gen<BadInput> UnknownValue =>
        Gen.OneOf(
            NameOutside("random", "pct", "probabilistic").Select(v => Sweep("unknown name", $"strategy {v}", JsonMutation.WithRaw(Good, "sweep.strategies[1]", v))),
            NameOutside([.. ScenarioCatalog.All.Select(s => s.Name)]).Select(v => Sweep("unknown name", $"scenario {v}", JsonMutation.WithRaw(Good, "matrix[1].scenario", v))),
            NameOutside([.. VariantCatalog.All.Select(s => s.Name)]).Select(v => Sweep("unknown name", $"variant {v}", JsonMutation.WithRaw(Good, "matrix[0].variant", v))),
            NameOutside([.. SpecCatalog.All.Select(s => s.Name), "clean"]).Select(v => Sweep("unknown name", $"expect {v}", JsonMutation.WithRaw(Good, "matrix[1].expect", v))));

    private static Gen<BadInput> Repeated =>
        Gen.OneOf(
            Gen.Elements(0, 1).Select(i => Sweep("listed twice", $"matrix[{i}] twice",
                JsonMutation.WithRaw(Good, "matrix", $"[{Good["matrix"]![0]!.ToJsonString()}, {Good["matrix"]![1]!.ToJsonString()}, {Good["matrix"]![i]!.ToJsonString()}]"))),
            Gen.Elements("[\"random\", \"random\"]", "[\"pct\", \"random\", \"pct\"]", "[]").Select(v => Sweep("listed twice", $"strategies {v}", JsonMutation.WithRaw(Good, "sweep.strategies", v))),
            Gen.Elements("", "engine", "sweep", "matrix[0]").Select(p => Sweep("duplicate key", $"first key of '{p}' twice", JsonMutation.WithDuplicateKey(Good, p))),
            Gen.Elements("[]", "null", "7", "\"coyote\"", "{\"matrix\": []}", "{\"matrix\": null}", "{\"matrix\": [{}]}").Select(t => Sweep("not a sweep", t, t)));

    /// <summary>An inline cost table ("costs") that is not one: each value and key checked, or a cost file that cannot be read.</summary>
    private static Gen<BadInput> BadCosts =>
        Gen.OneOf(
            from key in Gen.Elements("\"sync-enomem/seed/random\"", "\"sync-enomem/seed\"", "\"sync-enomem/seed/random/x\"", "\"nowhere/seed/random\"", "\"sync-enomem/h9/pct\"", "\"sync-enomem/seed/dfs\"", "\"\"")
            from value in Gen.Elements("-1", "-0.001", "1e300", "\"1\"", "null", "true", "[1]", "{}")
            where !(key == "\"sync-enomem/seed/random\"" && value is "1")
            select Sweep("bad cost table", $"costs {{{key}: {value}}}", JsonMutation.WithRawProperty(Good, "", "costs", $"{{{key}: {value}}}")),
            from file in Gen.Elements("\"\"", "\"missing.json\"", "\"/proc/nonexistent\"", "\".\"", "7", "null")
            where file != "null"
            select Sweep("bad cost table", $"sweep.costsFile {file}", JsonMutation.WithRawProperty(Good, "sweep", "costsFile", file)));

    public static Gen<BadInput> Inputs { get; } = Gen.OneOf(WrongType, UnknownField, Truncation, BadEscape, OutOfRange, UnknownValue, Repeated, BadCosts);

    public static readonly string[] Categories = ["wrong type", "unknown field", "truncation", "bad escape", "out of range", "unknown name", "listed twice", "duplicate key", "not a sweep", "bad cost table"];

    public const int Cases = 600;

    [Fact]
    public void The_good_configuration_is_read()
    {
        var config = SweepConfig.Parse(GoodText, "good.json");
        Assert.Equal(2, config.Matrix.Count);
        Assert.Equal(30u, config.TimeoutSeconds);
    }

    [Fact]
    public void The_generator_covers_every_category() => FuzzContract.CoversEveryCategory(Inputs, Categories);

    [Property(MaxTest = Cases)]
    public Property Every_malformed_configuration_is_one_line_and_exit_1() =>
        Prop.ForAll(Arb.From(Inputs), bad => FuzzContract.Holds(bad, scratch).And(
            (!Directory.Exists(Path.Combine(scratch.Path, "out"))).Label("the sweep created its report folder")));
}
