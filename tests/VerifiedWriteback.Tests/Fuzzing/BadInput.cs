using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Tests.Cli;

namespace VerifiedWriteback.Tests.Fuzzing;

/// <summary>
/// One malformed input, malformed by construction: the category it belongs to, what was done
/// to it (for the failure message), the file vwb reads (if any) and the command line, where
/// {file} is that file and {scratch} a scratch folder.
/// </summary>
public sealed record BadInput(string Category, string Description, string? FileText, IReadOnlyList<string> Args)
{
    public override string ToString() => $"[{Category}] {Description}: vwb {string.Join(' ', Args.Select(a => StrictJsonShow(a)))}";

    private static string StrictJsonShow(string a) => Json.StrictJson.OneLine(a, 80);
}

/// <summary>
/// The README's bad-input contract, checked for one input: exit 1, nothing on stdout, exactly one
/// line on stderr that starts with "vwb: ", no stack frame, and never "internal error".
/// </summary>
internal static class FuzzContract
{
    /// <summary>A generator draws every category it claims (checked on 400 samples).</summary>
    public static void CoversEveryCategory(Gen<BadInput> inputs, IEnumerable<string> categories) =>
        Assert.Equal(categories.Order(), inputs.Sample(400).Select(b => b.Category).ToHashSet().Order());

    public static Property Holds(BadInput bad, ScratchDirectory scratch)
    {
        var file = Path.Combine(scratch.Path, "input.json");
        if (bad.FileText is { } text)
        {
            File.WriteAllText(file, text);
        }
        var args = bad.Args.Select(a => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{scratch}", scratch.Path, StringComparison.Ordinal)).ToArray();
        var run = VwbInvocation.Of(args);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        var holds = run.Code == Vwb.BadInput
            && run.Stdout.Length == 0
            && run.Stderr.EndsWith('\n')
            && lines.Length == 1
            && lines[0].StartsWith("vwb: ", StringComparison.Ordinal)
            && !run.Stderr.Contains("internal error", StringComparison.Ordinal)
            && !run.Stderr.Contains("   at ", StringComparison.Ordinal);
        return holds.Label($"{bad}\n  exit {run.Code}\n  stdout: {Json.StrictJson.OneLine(run.Stdout, 300)}\n  stderr: {Json.StrictJson.OneLine(run.Stderr, 600)}");
    }
}

/// <summary>JSON kinds, and values of each kind that a field of another kind must refuse.</summary>
internal enum Kind
{
    String,
    Integer,
    Fraction,
    Bool,
    Null,
    Array,
    Object,
}

/// <summary>Building malformed JSON from a good document: a value of the wrong kind, an unknown field, a cut, a bad escape, a raw token.</summary>
internal static class JsonMutation
{
    public static readonly Kind[] AllKinds = Enum.GetValues<Kind>();

    /// <summary>A JSON value of <paramref name="kind"/>, as raw text.</summary>
    public static Gen<string> ValueOf(Kind kind) => kind switch
    {
        Kind.String => Gen.Elements("\"\"", "\"7\"", "\"true\"", "\"seed\"", "\"null\"", "\"4096\"", "\"ok\"", "\"\\u00e9t\\u00e9\"", "\"a b\""),
        Kind.Integer => Gen.Elements("0", "1", "-1", "7", "4096", "2147483648", "-9223372036854775808", "18446744073709551616"),
        Kind.Fraction => Gen.Elements("0.5", "1.5", "-2.25", "4096.5", "1e-7", "3.14159"),
        Kind.Bool => Gen.Elements("true", "false"),
        Kind.Null => Gen.Constant("null"),
        Kind.Array => Gen.Elements("[]", "[1]", "[\"ok\"]", "[null]", "[[]]", "[{}]"),
        Kind.Object => Gen.Elements("{}", "{\"a\": 1}", "{\"nextBlock\": 1}", "{\"flags\": []}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A value of a kind not in <paramref name="accepted"/>.</summary>
    public static Gen<(Kind Kind, string Raw)> WrongValue(IReadOnlyCollection<Kind> accepted) =>
        Gen.Elements(AllKinds.Where(k => !accepted.Contains(k)).ToArray())
            .SelectMany(k => ValueOf(k).Select(raw => (k, raw)));

    private const string Placeholder = "\u0001vwb-fuzz\u0001";

    /// <summary>The document with the value at <paramref name="path"/> ("a.b[0].c") replaced by <paramref name="raw"/> JSON text (which may be invalid on purpose).</summary>
    public static string WithRaw(JsonNode document, string path, string raw)
    {
        var copy = document.DeepClone();
        Set(copy, path, JsonValue.Create(Placeholder));
        return copy.ToJsonString().Replace(Quoted(Placeholder), raw, StringComparison.Ordinal);
    }

    /// <summary>The document with a property <paramref name="name"/> (raw JSON string text, quotes included) added to the object at <paramref name="path"/> ("" for the root).</summary>
    public static string WithRawProperty(JsonNode document, string path, string rawName, string rawValue)
    {
        var copy = document.DeepClone();
        var target = path.Length == 0 ? copy : Get(copy, path);
        target!.AsObject()[Placeholder] = JsonValue.Create(Placeholder);
        return copy.ToJsonString().Replace($"{Quoted(Placeholder)}:{Quoted(Placeholder)}", $"{rawName}:{rawValue}", StringComparison.Ordinal);
    }

    /// <summary>The document with the key of the property at <paramref name="path"/> written as <paramref name="rawName"/>.</summary>
    public static string WithRawKey(JsonNode document, string path, string rawName)
    {
        var copy = document.DeepClone();
        var (parent, name) = SplitLast(path);
        var owner = (parent.Length == 0 ? copy : Get(copy, parent))!.AsObject();
        var value = owner[name]?.DeepClone();
        owner.Remove(name);
        owner[Placeholder] = value;
        return copy.ToJsonString().Replace(Quoted(Placeholder) + ":", rawName + ":", StringComparison.Ordinal);
    }

    /// <summary>JSON string text with a bad escape or an unescaped control character somewhere in it.</summary>
    public static Gen<string> BadString { get; } =
        from bad in Gen.Elements(
            "\\x41", "\\u", "\\u12", "\\u12G4", "\\uZZZZ", "\\ud800", "\\udbff", "\\udc00", "\\ud800\\u0041", "\\udc00\\ud800",
            "\\ud800x", "\\", "\\'", "\\a", "\\0", "\u0001", "\n", "\t", "\u001f")
        from before in Gen.Elements("", "seed", "a")
        from after in Gen.Elements("", "x", "ok")
        select $"\"{before}{bad}{after}\"";

    /// <summary>A field name no contract has (case matters: "Variant" is not "variant").</summary>
    public static Gen<string> UnknownName(IReadOnlyCollection<string> known) =>
        Gen.OneOf(
                Gen.Elements("", " ", "x", "Variant", "PAGESIZE", "nextblock", "next_block", "flags ", "$schema", "__proto__", "é", "🙂", "seeds", "stpes", "coyote", "type"),
                ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get))
            .Where(n => !known.Contains(n) && WellFormed(n))
            .Select(n => JsonValue.Create(n)!.ToJsonString());

    /// <summary>No lone UTF-16 surrogate (such a name could not even be written as JSON).</summary>
    private static bool WellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A proper prefix of <paramref name="text"/>: never a whole JSON value (the closing brace is missing).</summary>
    public static Gen<string> Truncated(string text)
    {
        var trimmed = text.TrimEnd();
        return Gen.Choose(0, trimmed.Length - 1).Select(n => trimmed[..n]);
    }

    /// <summary>The first property of the object at <paramref name="path"/> given a second time (a duplicated key).</summary>
    public static string WithDuplicateKey(JsonNode document, string path)
    {
        var target = (path.Length == 0 ? document : Get(document, path))!.AsObject();
        var (name, value) = target.First();
        var raw = value?.ToJsonString() ?? "null";
        return WithRawProperty(document, path, JsonValue.Create(name)!.ToJsonString(), raw);
    }

    /// <summary>The document without the field at <paramref name="path"/> ("a", "a.b", "a[1].b").</summary>
    public static string Without(JsonNode document, string path)
    {
        var copy = document.DeepClone();
        var dot = path.LastIndexOf('.');
        var owner = dot < 0 ? copy : Get(copy, path[..dot])!;
        owner.AsObject().Remove(path[(dot + 1)..]);
        return copy.ToJsonString();
    }

    public static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in Segments(path))
        {
            node = segment is int i ? node![i] : node![(string)segment];
        }
        return node;
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = SplitLastSegment(path);
        var owner = parent.Length == 0 ? root : Get(root, parent)!;
        if (last is int i)
        {
            owner.AsArray()[i] = value;
        }
        else
        {
            owner.AsObject()[(string)last] = value;
        }
    }

    private static (string Parent, string Name) SplitLast(string path)
    {
        var (parent, last) = SplitLastSegment(path);
        return (parent, (string)last);
    }

    private static (string Parent, object Last) SplitLastSegment(string path)
    {
        var segments = Segments(path);
        var cut = path.EndsWith(']') ? path.LastIndexOf('[') : Math.Max(path.LastIndexOf('.'), 0);
        return (path[..cut].TrimEnd('.'), segments[^1]);
    }

    private static List<object> Segments(string path)
    {
        var result = new List<object>();
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            result.Add(bracket < 0 ? part : part[..bracket]);
            for (var rest = bracket < 0 ? "" : part[bracket..]; rest.Length > 0; rest = rest[(rest.IndexOf(']') + 1)..])
            {
                result.Add(int.Parse(rest[1..rest.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return result;
    }

    private static string Quoted(string s) => JsonValue.Create(s)!.ToJsonString();
}
