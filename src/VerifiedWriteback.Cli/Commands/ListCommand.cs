using System.CommandLine;
using VerifiedWriteback.Actors.Scenarios;
using VerifiedWriteback.Ext4.Variants;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Cli.Commands;

/// <summary>`vwb list`: the variants, scenarios and specifications the model knows, one line each.</summary>
public static class ListCommand
{
    public const string Help = """
        usage: vwb list [variants|scenarios|specs]
          Lists the variants (vwb run "variant", --variant), the scenarios (--scenario) and the
          specifications (the "expect" of a coyote.json cell) with one line each; all three by default.
        """;

    private static readonly string[] Sections = ["variants", "scenarios", "specs"];

    public static (Command, string) Create(TextWriter stdout, TextWriter stderr)
    {
        var sections = Options.Positionals("SECTION");
        var command = new Command("list", "What the model knows, one line each.") { sections };
        command.SetAction(parse => Execute(Options.PositionalsOf(parse, sections), stdout));
        return (command, Help);
    }

    public static int Execute(IReadOnlyList<string> sections, TextWriter stdout)
    {
        foreach (var p in sections.Where(p => !Sections.Contains(p)))
        {
            throw new UsageError($"list: unknown section '{p}' (known: {string.Join(", ", Sections)})");
        }
        var wanted = sections.Count == 0 ? Sections : sections.Distinct().ToArray();
        var first = true;
        foreach (var section in wanted)
        {
            if (!first)
            {
                stdout.WriteLine();
            }
            first = false;
            var (title, items) = section switch
            {
                "variants" => ("variants", VariantCatalog.All.Select(v => (v.Name, v.Description + (v.Commit is { } c ? $" [{c}]" : "") + $" (source: {v.Source})"))),
                "scenarios" => ("scenarios", ScenarioCatalog.All.Select(s => (s.Name, s.Description))),
                _ => ("specs", SpecCatalog.All.Select(s => (s.Name, (s.Liveness ? "(liveness) " : "") + s.Checks))),
            };
            var list = items.ToArray();
            stdout.WriteLine($"{title} ({list.Length}):");
            var width = list.Max(i => i.Item1.Length);
            foreach (var (name, description) in list)
            {
                stdout.WriteLine($"  {name.PadRight(width)}  {description}");
            }
        }
        return Vwb.Ok;
    }
}
