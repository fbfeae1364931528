using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Fuzzing;

/// <summary>
/// `vwb run CASE.json` on malformed case files (README, "Case format"): each generated file is
/// the good case below broken in one way — a value of the wrong JSON type (openBio.nextBlock as
/// a string, a flag as a number, …), an unknown field at any depth, a cut, a bad escape or an
/// unescaped control character, a number out of range, a name the model does not know, a
/// duplicated key, a required field left out. Every one must be refused by the contract.
/// </summary>
public sealed class CaseFileFuzz : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>Every field present (openBio, faults with one outcome each), so every path below exists.</summary>
    public const string GoodText = """
        { "variant": "seed", "pageSize": 4096, "blockSize": 1024, "len": 4096,
          "encryption": "none", "regular": true, "syncMode": "none", "keepTowrite": false,
          "buffers": [ { "flags": ["dirty","mapped","uptodate"], "block": 100 },
                       { "flags": ["dirty","mapped","uptodate"], "block": 101 },
                       { "flags": ["dirty","mapped","uptodate"], "block": 102 },
                       { "flags": ["dirty","mapped","uptodate"], "block": 103 } ],
          "openBio": { "nextBlock": 100 }, "faults": { "encrypt": ["ok"], "bioAlloc": ["ok"], "io": ["ok"] },
          "completeBios": true }
        """;

    private static readonly JsonNode Good = JsonNode.Parse(GoodText)!;

    /// <summary>Each field and the JSON kinds under which the case can still be valid (null only where the format allows it).</summary>
    private static readonly (string Path, Kind[] Accepted)[] Fields =
    [
        ("variant", [Kind.String]), ("pageSize", [Kind.Integer]), ("blockSize", [Kind.Integer]), ("len", [Kind.Integer]),
        ("encryption", [Kind.String]), ("regular", [Kind.Bool]), ("syncMode", [Kind.String]), ("keepTowrite", [Kind.Bool]),
        ("buffers", [Kind.Array]), ("openBio", [Kind.Object, Kind.Null]), ("faults", [Kind.Object, Kind.Null]), ("completeBios", [Kind.Bool]),
        ("openBio.nextBlock", [Kind.Integer]),
        ("buffers[0]", [Kind.Object]), ("buffers[2].flags", [Kind.Array]), ("buffers[1].flags[0]", [Kind.String]), ("buffers[3].block", [Kind.Integer]),
        ("faults.encrypt", [Kind.Array, Kind.Null]), ("faults.bioAlloc", [Kind.Array, Kind.Null]), ("faults.io", [Kind.Array, Kind.Null]),
        ("faults.encrypt[0]", [Kind.String]), ("faults.bioAlloc[0]", [Kind.String]), ("faults.io[0]", [Kind.String]),
    ];

    private static readonly (string Path, string[] Known)[] Objects =
    [
        ("", ["variant", "pageSize", "blockSize", "len", "encryption", "regular", "syncMode", "keepTowrite", "buffers", "openBio", "faults", "completeBios"]),
        ("openBio", ["nextBlock"]),
        ("buffers[0]", ["flags", "block"]),
        ("buffers[3]", ["flags", "block"]),
        ("faults", ["encrypt", "bioAlloc", "io"]),
    ];

    private static readonly string[] StringFields = ["variant", "encryption", "syncMode", "buffers[0].flags[1]", "faults.encrypt[0]", "faults.io[0]"];

    private static BadInput Run(string category, string description, string text) => new(category, description, text, ["run", "{file}"]);

    private static Gen<BadInput> WrongType =>
        from f in Gen.Elements(Fields)
        from value in JsonMutation.WrongValue(f.Accepted)
        select Run("wrong type", $"{f.Path} = {value.Raw} ({value.Kind})", JsonMutation.WithRaw(Good, f.Path, value.Raw));

    private static Gen<BadInput> UnknownField =>
        from owner in Gen.Elements(Objects)
        from name in JsonMutation.UnknownName(owner.Known)
        from value in Gen.Elements(JsonMutation.AllKinds).SelectMany(JsonMutation.ValueOf)
        select Run("unknown field", $"{name} in '{owner.Path}'", JsonMutation.WithRawProperty(Good, owner.Path, name, value));

    private static Gen<BadInput> Truncation =>
        JsonMutation.Truncated(GoodText).Select(t => Run("truncation", $"the first {t.Length} characters", t));

    private static Gen<BadInput> BadEscape =>
        Gen.OneOf(
            from f in Gen.Elements(StringFields)
            from bad in JsonMutation.BadString
            select Run("bad escape", $"{f} = {bad}", JsonMutation.WithRaw(Good, f, bad)),
            from f in Gen.Elements("variant", "openBio.nextBlock", "buffers[0].block", "faults.io")
            from bad in JsonMutation.BadString
            select Run("bad escape", $"key of {f} = {bad}", JsonMutation.WithRawKey(Good, f, bad)));

    private static Gen<string> IntOutside(params int[] valid) =>
        Gen.OneOf(
                Gen.Elements(0, -1, 1, 511, 512, 1000, 2048, 4095, 4097, 8192, 65536, 131072, int.MaxValue, int.MinValue),
                ArbMap.Default.GeneratorFor<int>())
            .Where(n => !valid.Contains(n))
            .Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Gen<BadInput> OutOfRange =>
        Gen.OneOf(
            IntOutside(4096).Select(v => Run("out of range", $"pageSize {v}", JsonMutation.WithRaw(Good, "pageSize", v))),
            IntOutside(1024).Select(v => Run("out of range", $"blockSize {v}", JsonMutation.WithRaw(Good, "blockSize", v))),
            Gen.OneOf(Gen.Choose(int.MinValue, 0), Gen.Choose(4097, int.MaxValue))
                .Select(v => Run("out of range", $"len {v}", JsonMutation.WithRaw(Good, "len", v.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            Gen.Elements("0", "-1", "-9223372036854775808", "-100")
                .Select(v => Run("out of range", $"openBio.nextBlock {v}", JsonMutation.WithRaw(Good, "openBio.nextBlock", v))),
            Gen.Elements("-1", "-101", "-9223372036854775808")
                .Select(v => Run("out of range", $"buffers[2].block {v}", JsonMutation.WithRaw(Good, "buffers[2].block", v))),
            from f in Gen.Elements("pageSize", "blockSize", "len", "openBio.nextBlock", "buffers[1].block")
            from v in Gen.Elements("1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808", "4096.0000001", "1E3")
            select Run("out of range", $"{f} {v}", JsonMutation.WithRaw(Good, f, v)),
            Gen.Choose(0, 9).Where(n => n != 4).Select(n => Run("out of range", $"{n} buffers for 4 blocks",
                JsonMutation.WithRaw(Good, "buffers", "[" + string.Join(",", Enumerable.Repeat("""{"flags": ["dirty"], "block": 1}""", n)) + "]"))));

    private static Gen<string> NameOutside(params string[] valid) =>
        Gen.OneOf(Gen.Elements("", "Seed", "SEED", "mainline", "h6", "h0", " seed", "seed ", "software ", "all\u0000", "dirty,mapped", "OK", "enomem", "-ENOMEM", "EIO "),
                ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get))
            .Where(s => !valid.Contains(s) && s.All(c => !char.IsSurrogate(c)))
            .Select(s => JsonValue.Create(s)!.ToJsonString());

    private static Gen<BadInput> UnknownValue =>
        Gen.OneOf(
            NameOutside("seed", "upstream", "h1", "h2", "h3", "h4", "h5").Select(v => Run("unknown name", $"variant {v}", JsonMutation.WithRaw(Good, "variant", v))),
            NameOutside("none", "software", "hardware").Select(v => Run("unknown name", $"encryption {v}", JsonMutation.WithRaw(Good, "encryption", v))),
            NameOutside("none", "all").Select(v => Run("unknown name", $"syncMode {v}", JsonMutation.WithRaw(Good, "syncMode", v))),
            NameOutside("dirty", "mapped", "uptodate", "new", "delay", "unwritten").Select(v => Run("unknown name", $"flag {v}", JsonMutation.WithRaw(Good, "buffers[2].flags[0]", v))),
            NameOutside("ok", "ENOMEM").Select(v => Run("unknown name", $"faults.encrypt[0] {v}", JsonMutation.WithRaw(Good, "faults.encrypt[0]", v))),
            NameOutside("ok", "EIO").Select(v => Run("unknown name", $"faults.io[0] {v}", JsonMutation.WithRaw(Good, "faults.io[0]", v))));

    private static Gen<BadInput> Structure =>
        Gen.OneOf(
            Gen.Elements("", "openBio", "buffers[1]", "faults").Select(p => Run("duplicate key", $"first key of '{p}' twice", JsonMutation.WithDuplicateKey(Good, p))),
            Gen.Elements("buffers", "openBio.nextBlock", "buffers[2].block").Select(p => Run("missing field", $"without {p}", JsonMutation.Without(Good, p))),
            Gen.Elements("[]", "null", "7", "\"case\"", "[{}]", "{} {}", "{}").Select(t => Run("not a case", t, t)));

    public static Gen<BadInput> Inputs { get; } = Gen.OneOf(WrongType, UnknownField, Truncation, BadEscape, OutOfRange, UnknownValue, Structure);

    public static readonly string[] Categories = ["wrong type", "unknown field", "truncation", "bad escape", "out of range", "unknown name", "duplicate key", "missing field", "not a case"];

    public const int Cases = 600;

    [Fact]
    public void The_good_case_runs()
    {
        var run = VwbInvocation.Of("run", scratch.Write("good.json", GoodText));
        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
    }

    [Fact]
    public void The_generator_covers_every_category() => FuzzContract.CoversEveryCategory(Inputs, Categories);

    [Property(MaxTest = Cases)]
    public Property Every_malformed_case_file_is_one_line_and_exit_1() =>
        Prop.ForAll(Arb.From(Inputs), bad => FuzzContract.Holds(bad, scratch));
}
