using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Fuzzing;

/// <summary>
/// `vwb replay` and `vwb explain` on malformed traces: a committed trace (F1) broken in one way
/// — a field of the wrong JSON type, an unknown field, a cut (the corrupted file of issue 12), a
/// bad escape, a number out of range, another model version or an unknown scenario or variant,
/// a duplicated key, a required field left out. Each is refused before any replay starts.
/// </summary>
public sealed class TraceFileFuzz : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static readonly string GoodText = File.ReadAllText(TraceCorpus.PathOf("f1-sync-enomem.trace.json"));

    private static readonly JsonNode Good = JsonNode.Parse(GoodText)!;

    private static readonly (string Path, Kind[] Accepted)[] Fields =
    [
        ("format", [Kind.String]), ("modelVersion", [Kind.String]), ("scenario", [Kind.String]), ("scenarioFingerprint", [Kind.String]),
        ("variant", [Kind.String]), ("finding", [Kind.String, Kind.Null]), ("spec", [Kind.String]), ("message", [Kind.String]),
        ("steps", [Kind.Integer, Kind.Null]), ("strategy", [Kind.String]), ("seed", [Kind.Integer]), ("maxSteps", [Kind.Integer]),
        ("events", [Kind.Array, Kind.Null]), ("coyoteTrace", [Kind.Object]),
    ];

    private static readonly string[] Known = [.. Fields.Select(f => f.Path)];

    private static Gen<string> Command => Gen.Elements("replay", "explain");

    private static BadInput Replay(string command, string category, string description, string text) =>
        new(category, description, text, command == "explain" ? ["explain", "{file}", "--format", "mermaid"] : [command, "{file}"]);

    private static Gen<BadInput> WrongType =>
        from command in Command
        from f in Gen.Elements(Fields)
        from value in JsonMutation.WrongValue(f.Accepted)
        select Replay(command, "wrong type", $"{f.Path} = {value.Raw} ({value.Kind})", JsonMutation.WithRaw(Good, f.Path, value.Raw));

    private static Gen<BadInput> UnknownField =>
        from command in Command
        from name in JsonMutation.UnknownName(Known)
        from value in Gen.Elements(JsonMutation.AllKinds).SelectMany(JsonMutation.ValueOf)
        select Replay(command, "unknown field", $"{name} = {value}", JsonMutation.WithRawProperty(Good, "", name, value));

    private static Gen<BadInput> Truncation =>
        from command in Command
        from text in JsonMutation.Truncated(GoodText)
        select Replay(command, "truncation", $"the first {text.Length} characters", text);

    private static Gen<BadInput> BadEscape =>
        from command in Command
        from f in Gen.Elements("format", "modelVersion", "scenario", "scenarioFingerprint", "variant", "finding", "spec", "message", "strategy")
        from bad in JsonMutation.BadString
        from inKey in ArbMap.Default.GeneratorFor<bool>()
        select inKey
            ? Replay(command, "bad escape", $"key of {f} = {bad}", JsonMutation.WithRawKey(Good, f, bad))
            : Replay(command, "bad escape", $"{f} = {bad}", JsonMutation.WithRaw(Good, f, bad));

    private static Gen<BadInput> OutOfRange =>
        from command in Command
        from change in Gen.OneOf(
            Gen.Elements("-1", "4294967296", "1.5", "1e400", "-0.5").Select(v => ("seed", v)),
            Gen.Elements("0", "-1", "4294967296", "2.5", "1e400").Select(v => ("maxSteps", v)),
            Gen.Elements("-1", "-16", "2147483648", "16.5").Select(v => ("steps", v)))
        select Replay(command, "out of range", $"{change.Item1} {change.Item2}", JsonMutation.WithRaw(Good, change.Item1, change.Item2));

    private static Gen<BadInput> OtherRun =>
        from command in Command
        from change in Gen.OneOf(
            Gen.Elements("\"vwb-model-0\"", "\"\"", "\"vwb-model-1 \"", "\"VWB-MODEL-1\"").Select(v => ("modelVersion", v)),
            Gen.Elements("\"vwb-trace/0\"", "\"vwb-trace/2\"", "\"\"", "\"vwb-sweep-report/1\"").Select(v => ("format", v)),
            Gen.Elements("\"no-such\"", "\"pool-deadlock\"", "\"\"", "\"SYNC-ENOMEM\"").Select(v => ("scenario", v)),
            Gen.Elements("\"0000000000000000\"", "\"\"", "\"5EB337889A6A6CC8\"").Select(v => ("scenarioFingerprint", v)),
            Gen.Elements("\"mainline\"", "\"\"", "\"h6\"", "\"Seed\"").Select(v => ("variant", v)))
        select Replay(command, "another run", $"{change.Item1} {change.Item2}", JsonMutation.WithRaw(Good, change.Item1, change.Item2));

    private static Gen<BadInput> Structure =>
        from command in Command
        from input in Gen.OneOf(
            Gen.Constant(("duplicate key", "format twice", JsonMutation.WithDuplicateKey(Good, ""))),
            Gen.Elements("modelVersion", "scenario", "scenarioFingerprint", "variant", "spec", "message", "strategy", "seed", "maxSteps", "coyoteTrace", "format")
                .Select(f => ("missing field", $"without {f}", JsonMutation.Without(Good, f))),
            Gen.Elements("[]", "null", "\"trace\"", "{}", "{\"format\": \"vwb-trace/1\"}").Select(t => ("not a trace", t, t)))
        select Replay(command, input.Item1, input.Item2, input.Item3);

    public static Gen<BadInput> Inputs { get; } = Gen.OneOf(WrongType, UnknownField, Truncation, BadEscape, OutOfRange, OtherRun, Structure);

    public static readonly string[] Categories = ["wrong type", "unknown field", "truncation", "bad escape", "out of range", "another run", "duplicate key", "missing field", "not a trace"];

    public const int Cases = 600;

    [Fact]
    public void The_good_trace_replays()
    {
        var run = VwbInvocation.Of("replay", scratch.Write("good.trace.json", GoodText));
        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
    }

    [Fact]
    public void The_generator_covers_every_category() => FuzzContract.CoversEveryCategory(Inputs, Categories);

    [Property(MaxTest = Cases)]
    public Property Every_malformed_trace_is_one_line_and_exit_1() =>
        Prop.ForAll(Arb.From(Inputs), bad => FuzzContract.Holds(bad, scratch));
}
