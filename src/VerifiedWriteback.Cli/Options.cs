using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace VerifiedWriteback.Cli;

/// <summary>
/// The pieces every command line of vwb is built from, on System.CommandLine: typed options
/// whose conversion errors are vwb's own one-line messages, the positional arguments of a
/// command, the help action that prints a command's hand-written help, and the translation of
/// a parse error into the one `vwb: ...` line of the bad-input contract.
/// </summary>
public static class Options
{
    /// <summary>No response files (`@file`), no POSIX bundling: vwb has no short options to bundle.</summary>
    public static ParserConfiguration Parsing { get; } = new()
    {
        EnablePosixBundling = false,
        ResponseFileTokenReplacer = null,
    };

    /// <summary>`--name VALUE`, any text.</summary>
    public static Option<string?> Text(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
    };

    /// <summary>`--name N`, a whole number (0 … 4294967295).</summary>
    public static Option<uint?> WholeNumber(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
            result.AddError($"{name} takes a whole number, not '{text}'");
            return null;
        },
    };

    /// <summary>`--config FILE` of the commands that read the sweep configuration (<see cref="ConfigFile"/>).</summary>
    public static Option<string?> ConfigOption() => Text("--config", "the sweep configuration (default: the nearest coyote.json)");

    /// <summary>`--plain` of the commands with live progress.</summary>
    public static Option<bool> PlainOption() => Switch("--plain", "plain progress lines even on a terminal");

    /// <summary>`--name`, a switch that takes no value.</summary>
    public static Option<bool> Switch(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    /// <summary>The positional arguments of a command; how many it takes, the command checks itself (with its own message).</summary>
    public static Argument<string[]> Positionals(string name) => new(name)
    {
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>
    /// The positional arguments given to <paramref name="argument"/>. A word that looks like an
    /// option (`-x`, `--x`; not `-` alone, which means stdin) is an unknown option, unless it comes
    /// after `--`.
    /// </summary>
    public static IReadOnlyList<string> PositionalsOf(ParseResult parse, Argument<string[]> argument)
    {
        var given = parse.GetResult(argument)?.Tokens ?? [];
        var afterDashes = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                afterDashes = true;
            }
            else if (!afterDashes && token.Type == TokenType.Argument && LooksLikeOption(token.Value) && given.Contains(token))
            {
                throw new UsageError(UnknownOption(parse.CommandResult.Command, token.Value));
            }
        }
        return parse.GetValue(argument) ?? [];
    }

    /// <summary>
    /// The one line that says what is wrong with a command line, or null when it parsed: an
    /// unknown command, option or word first, then a missing, repeated or malformed value.
    /// </summary>
    public static string? Error(ParseResult parse)
    {
        if (parse.Tokens.FirstOrDefault(t => t.Type == TokenType.Directive) is { } directive)
        {
            return $"unknown command '{directive.Value}' (try vwb --help)";
        }
        if (parse.Errors.Count == 0)
        {
            return null;
        }
        var command = parse.CommandResult.Command;
        if (command is RootCommand)
        {
            return parse.UnmatchedTokens.Count > 0
                ? $"unknown command '{parse.UnmatchedTokens[0]}' (try vwb --help)"
                : "no command given (try vwb --help)";
        }
        if (parse.UnmatchedTokens.Count > 0)
        {
            var word = parse.UnmatchedTokens[0];
            return LooksLikeOption(word)
                ? UnknownOption(command, word)
                : $"{command.Name} takes no positional argument ('{word}'; try vwb {command.Name} --help)";
        }
        var error = parse.Errors[0];
        if (error.SymbolResult is OptionResult option)
        {
            var name = option.Option.Name;
            if (option.Tokens.Count == 0)
            {
                return $"option '{name}' needs a value";
            }
            if (option.Tokens.Count > 1)
            {
                return $"option '{name}' is given more than once";
            }
        }
        return FirstLine(error.Message);
    }

    private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-';

    private static string UnknownOption(Command command, string word)
    {
        var known = command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption).Select(o => o.Name).ToArray();
        return known.Length == 0
            ? $"unknown option '{word}': {command.Name} takes none (try vwb {command.Name} --help)"
            : $"unknown option '{word}' (known: {string.Join(", ", known)}; try vwb {command.Name} --help)";
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>--help / -h of every command: the command's own help text (see each command's Help).</summary>
    public sealed class HelpText(IReadOnlyDictionary<Command, string> texts, TextWriter stdout) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            stdout.WriteLine(texts[parseResult.CommandResult.Command]);
            return Vwb.Ok;
        }
    }

    /// <summary>--version: the version of vwb itself (of this assembly, not of whatever process hosts it).</summary>
    public sealed class VersionText(TextWriter stdout) : SynchronousCommandLineAction
    {
        public static string Version { get; } =
            typeof(Vwb).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
            ?? typeof(Vwb).Assembly.GetName().Version?.ToString()
            ?? "unknown";

        public override int Invoke(ParseResult parseResult)
        {
            stdout.WriteLine(Version);
            return Vwb.Ok;
        }
    }
}
