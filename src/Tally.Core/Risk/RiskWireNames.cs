namespace Tally.Core.Risk;

/// <summary>Spellings of the risk rules' closed sets as users write them (risk.json, CLI, JSON output).</summary>
public static class RiskWireNames
{
    public static string ToWireName(this BreakerBasis basis) => basis switch
    {
        BreakerBasis.DayStart => "day_start",
        BreakerBasis.Peak => "peak",
    };

    public static string ToWireName(this AssetClass assetClass) => assetClass switch
    {
        AssetClass.Major => "major",
        AssetClass.Regular => "regular",
        AssetClass.Meme => "meme",
        AssetClass.Forex => "forex",
    };

    public static string ToWireName(this BreakerLevel level) => level switch
    {
        BreakerLevel.None => "none",
        BreakerLevel.CloseWorstHalf => "close_worst_half",
        BreakerLevel.CloseAll => "close_all",
        BreakerLevel.Halt => "halt",
    };

    public static bool TryParseBasis(string text, out BreakerBasis basis) => TryParse(text, static b => b.ToWireName(), out basis);

    public static bool TryParseAssetClass(string text, out AssetClass assetClass) => TryParse(text, static c => c.ToWireName(), out assetClass);

    private static bool TryParse<T>(string text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        var wanted = text.Trim().ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (name(candidate) == wanted)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
