using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>Reads back the scenario JSON a failing model-based property prints (Scenario.ToJson), to rerun it.</summary>
public static partial class ScenarioJson
{
    public static Scenario Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var pages = r.GetProperty("pages").GetInt32();
        var blockSize = r.GetProperty("blockSize").GetInt32();
        var n = ScenarioConfig.PageSize / blockSize;
        var holes = new bool[pages * n];
        foreach (var h in r.GetProperty("holes").EnumerateArray())
        {
            var parts = h.GetString()!.Split('.');
            holes[int.Parse(parts[0], CultureInfo.InvariantCulture) * n + int.Parse(parts[1], CultureInfo.InvariantCulture)] = true;
        }
        var config = new ScenarioConfig(
            r.GetProperty("variant").GetString()!, pages, blockSize, r.GetProperty("lastPageLen").GetInt32(),
            Enum.Parse<EncryptionMode>(r.GetProperty("encryption").GetString()!, ignoreCase: true),
            holes, r.GetProperty("gapsBetweenPages").GetBoolean(), r.GetProperty("bouncePoolReserve").GetInt32());
        var ops = r.GetProperty("ops").EnumerateArray().Select(o => ParseOp(o.GetString()!)).ToArray();
        return new Scenario(config, ops);
    }

    public static Op ParseOp(string text)
    {
        if (WriteLine().Match(text) is { Success: true } w)
            return new WriteOp(int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(w.Groups[2].Value, CultureInfo.InvariantCulture));
        if (PassLine().Match(text) is { Success: true } p)
            return new PassOp(p.Groups[1].Value == "WB_SYNC_ALL", p.Groups[2].Length == 0);
        if (text.StartsWith("complete all bios", StringComparison.Ordinal))
            return new CompleteOp(text.EndsWith("with EIO", StringComparison.Ordinal));
        if (text.StartsWith("memory pressure ", StringComparison.Ordinal))
            return new PressureOp(Enum.Parse<Pressure>(text["memory pressure ".Length..]));
        throw new FormatException($"not a scenario step: '{text}'");
    }

    [GeneratedRegex(@"^write page (\d+) buffer (\d+)$")]
    private static partial Regex WriteLine();

    [GeneratedRegex(@"^writeback pass (WB_SYNC_ALL|WB_SYNC_NONE)( without block allocation)?$")]
    private static partial Regex PassLine();
}
