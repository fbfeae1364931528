namespace VerifiedWriteback.Cli;

/// <summary>
/// `--name value` options and positional arguments of one command. Only the names a command
/// declares are accepted, so a mistyped flag is an error, not a silent default.
/// </summary>
public sealed class Options
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    public List<string> Positional { get; } = [];

    public static Options Parse(string[] args, IReadOnlyCollection<string> valueFlags, IReadOnlyCollection<string>? switches = null)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "-")
            {
                o.Positional.Add(a);
                continue;
            }
            var name = a[2..];
            if (switches?.Contains(name) == true)
            {
                o.values[name] = "true";
                continue;
            }
            if (!valueFlags.Contains(name))
            {
                var known = valueFlags.Concat(switches ?? []).Select(f => "--" + f);
                throw new UsageError($"unknown option '{a}' (known: {string.Join(", ", known)})");
            }
            if (i + 1 >= args.Length)
            {
                throw new UsageError($"option '{a}' needs a value");
            }
            o.values[name] = args[++i];
        }
        return o;
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public bool Has(string name) => values.ContainsKey(name);

    public uint? GetUInt(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return uint.TryParse(v, out var n) ? n : throw new UsageError($"--{name} takes a whole number, not '{v}'");
    }
}
