using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VerifiedWriteback.Json;

/// <summary>A JSON input that does not fit its contract: one line for the user, naming the field.</summary>
public sealed class JsonInputError(string message) : Exception(message);

/// <summary>
/// Reads a JSON file into a typed contract (a System.Text.Json source-generated type) strictly:
/// the text must be one JSON value with no duplicated property; the contract then refuses
/// unknown fields and values of the wrong type. Every way of failing is one
/// <see cref="JsonInputError"/> line that names the field in the file's own terms
/// ("field 'openBio.nextBlock' must be an integer …, not the string "7""), never a .NET type
/// name or a quotation of the rest of the file.
/// </summary>
public static class StrictJson
{
    /// <summary>The longest message this class writes; a quoted value is cut well before that.</summary>
    public const int MaxLine = 300;

    /// <summary>Parses <paramref name="text"/> as one JSON value: syntax, depth and duplicated properties are checked here.</summary>
    public static JsonDocument Parse(string text, bool allowComments = false)
    {
        var options = new JsonDocumentOptions
        {
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
            CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        };
        try
        {
            return JsonDocument.Parse(text, options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: " : "";
            throw new JsonInputError($"not valid JSON ({where}{ReaderMessage(e.Message)})");
        }
        catch (InvalidOperationException)
        {
            // The duplicate check reads every field name as a string: one had escapes that are not valid UTF-16.
            using var lenient = JsonDocument.Parse(text, options with { AllowDuplicateProperties = true });
            throw new JsonInputError(InvalidNameMessage(InvalidName(lenient.RootElement, "") ?? ""));
        }
    }

    private static string InvalidNameMessage(string where) => where.Length == 0
        ? "a field name holds an invalid \\u escape (a lone UTF-16 surrogate)"
        : $"a field name in '{OneLine(where, 80)}' holds an invalid \\u escape (a lone UTF-16 surrogate)";

    /// <summary>Binds a parsed value to its contract; the contract's options decide about unknown fields and nulls.</summary>
    public static T Bind<T>(JsonElement value, JsonTypeInfo<T> contract)
    {
        if (contract.Kind == JsonTypeInfoKind.Object && value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonInputError($"not a JSON object but {Describe(value)}");
        }
        try
        {
            return value.Deserialize(contract) ?? throw new JsonInputError($"not a JSON object but {Describe(value)}");
        }
        catch (JsonException e)
        {
            throw new JsonInputError(OneLine(Explain(e, value, contract)));
        }
        catch (InvalidOperationException) when (InvalidName(value, "") is { } where)
        {
            // A field name is read as a string before any contract sees it: its escapes must be valid UTF-16 too.
            throw new JsonInputError(InvalidNameMessage(where));
        }
    }

    /// <summary>Where (a path, "" for the root) the first field name whose \u escapes are not valid UTF-16 is, or null.</summary>
    private static string? InvalidName(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (InvalidName(item, $"{path}[{i++}]") is { } found)
                {
                    return found;
                }
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in value.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                return path;
            }
            if (InvalidName(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary><see cref="Parse"/> then <see cref="Bind"/>.</summary>
    public static T Read<T>(string text, JsonTypeInfo<T> contract, bool allowComments = false)
    {
        using var document = Parse(text, allowComments);
        return Bind(document.RootElement, contract);
    }

    /// <summary>
    /// The field a deserialization error is about, walked from the root along the error's path
    /// through the contract's metadata and the document together: an unknown field, or a value
    /// that is not what the contract expects there.
    /// </summary>
    private static string Explain(JsonException e, JsonElement root, JsonTypeInfo contract)
    {
        var segments = PathSegments(e.Path);
        if (segments is null)
        {
            return OneLine(e.Message);
        }
        JsonTypeInfo type = contract;
        JsonElement? value = root;
        var field = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment is int index)
            {
                field.Append('[').Append(index).Append(']');
                var element = ElementType(type);
                if (element is null)
                {
                    return $"field '{field}': {OneLine(e.Message)}";
                }
                type = type.Options.GetTypeInfo(element);
                value = value is { ValueKind: JsonValueKind.Array } array && index < array.GetArrayLength() ? array[index] : null;
                continue;
            }
            var name = (string)segment;
            var parent = field.ToString();
            if (field.Length > 0)
            {
                field.Append('.');
            }
            field.Append(name);
            var owner = ObjectType(type);
            var property = owner?.Properties.FirstOrDefault(p => p.Name == name);
            if (owner is not null && property is null)
            {
                var known = string.Join(", ", owner.Properties.Select(p => p.Name).Where(n => !n.StartsWith('$')));
                return parent.Length == 0
                    ? $"unknown field '{field}' (known: {known})"
                    : $"unknown field '{field}' (known in {parent}: {known})";
            }
            if (property is null)
            {
                return $"field '{field}': {OneLine(e.Message)}";
            }
            type = type.Options.GetTypeInfo(property.PropertyType);
            value = value is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;
        }
        var what = field.Length == 0 ? "the document" : $"field '{field}'";
        if (value is not { } found)
        {
            return $"{what}: {OneLine(e.Message)}";
        }
        var expected = Expected(type.Type, withRange: found.ValueKind == JsonValueKind.Number);
        if (found.ValueKind == JsonValueKind.String && expected == AString)
        {
            // The only string a string field refuses: one whose \u escapes are not valid UTF-16.
            return $"{what} holds an invalid \\u escape (a lone UTF-16 surrogate): {Describe(found)}";
        }
        return $"{what} must be {expected}, not {Describe(found)}";
    }

    private const string AString = "a string";

    /// <summary>
    /// What a value of <paramref name="type"/> looks like in JSON, for a message; the range of a
    /// number type only when the value given was a number (out of range, or not whole).
    /// </summary>
    public static string Expected(Type type, bool withRange = false)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? AString
            : t == typeof(bool) ? "true or false"
            : t == typeof(uint) ? (withRange ? "a whole number from 0 to 4294967295" : "a whole number")
            : t == typeof(int) ? (withRange ? "an integer from -2147483648 to 2147483647" : "an integer")
            : t == typeof(long) ? (withRange ? "an integer from -9223372036854775808 to 9223372036854775807" : "an integer")
            : t == typeof(double) ? "a number"
            : t == typeof(JsonElement) ? "a JSON value"
            : t.IsAssignableTo(typeof(System.Collections.IEnumerable)) ? "an array"
            : "an object";
    }

    /// <summary>A JSON value in a few words: its kind, and its text when short (strings as written, escapes included).</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Cut(value.GetRawText(), 40)}",
        JsonValueKind.Number => Cut(value.GetRawText(), 40),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    /// <summary>
    /// One line of at most <see cref="MaxLine"/> characters: control characters (a newline in a
    /// file name, in a parser's message) shown as escapes, the rest cut with an ellipsis.
    /// </summary>
    public static string OneLine(string text, int max = MaxLine)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max + 8));
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                return sb.Append('…').ToString();
            }
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                < ' ' or '\u007f' or '\u2028' or '\u2029' or '\u0085' => sb.Append($"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }
        return sb.ToString();
    }

    private static string Cut(string text, int max) => text.Length <= max ? OneLine(text) : OneLine(text[..max]) + "…";

    /// <summary>A reader's message without its position suffix and without the long quotations some of them carry.</summary>
    private static string ReaderMessage(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = end >= 0 ? message[..end] : message;
        end = text.IndexOf(" Path:", StringComparison.Ordinal);
        text = (end >= 0 ? text[..end] : text).Trim();
        // The reader quotes the rest of the file after a broken literal ("'tru,\n  ...' is an invalid
        // JSON literal"); the line and column already say where, so the quotation goes.
        var close = text.StartsWith('\'') ? text.IndexOf("' is ", 1, StringComparison.Ordinal) : -1;
        if (close > 24)
        {
            text = "the value there" + text[(close + 1)..];
        }
        return OneLine(text, 160);
    }

    private static JsonTypeInfo? ObjectType(JsonTypeInfo type) =>
        type.Kind == JsonTypeInfoKind.Object ? type
        : Nullable.GetUnderlyingType(type.Type) is { } inner ? ObjectType(type.Options.GetTypeInfo(inner))
        : null;

    private static Type? ElementType(JsonTypeInfo type) => type.Kind == JsonTypeInfoKind.Enumerable ? type.ElementType : null;

    /// <summary>"$.buffers[2].block" or "$['odd name'].x" as its names and indexes; null when it does not read as a path.</summary>
    private static List<object>? PathSegments(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }
        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index))
                {
                    return null;
                }
                segments.Add(index);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }
        return segments;
    }
}
