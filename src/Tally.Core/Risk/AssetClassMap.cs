namespace Tally.Core.Risk;

/// <summary>
/// Symbol → <see cref="AssetClass"/>, and what follows from the class: the trailing distance and the maximum
/// hold time. A symbol is looked up in <see cref="RiskSettings.SymbolClasses"/> first; otherwise its base asset
/// (the symbol less its quote asset, e.g. BTCUSDT → BTC, and less Binance's 1000/1000000/1M multiplier prefix,
/// e.g. 1000PEPEUSDT → PEPE) is looked up in the major, meme and forex sets; anything else is regular.
/// </summary>
public sealed class AssetClassMap(RiskSettings settings)
{
    // Longest first so FDUSD is not read as …USD with an FD base.
    private static readonly string[] Quotes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD"];
    private static readonly string[] MultiplierPrefixes = ["1000000", "1000", "1M"];

    public RiskSettings Settings { get; } = settings;

    public AssetClass Classify(string symbol)
    {
        if (Settings.SymbolClasses.TryGetValue(symbol, out var explicitClass))
        {
            return explicitClass;
        }

        var asset = BaseAsset(symbol);
        if (ClassOf(asset) is { } direct)
        {
            return direct;
        }

        foreach (var prefix in MultiplierPrefixes)
        {
            if (asset.Length > prefix.Length && asset.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && ClassOf(asset[prefix.Length..]) is { } multiplied)
            {
                return multiplied;
            }
        }

        return AssetClass.Regular;
    }

    /// <summary>The trailing distance d of a class (forex trails like a regular symbol).</summary>
    public decimal TrailingDistance(AssetClass assetClass) => assetClass switch
    {
        AssetClass.Major => Settings.TrailingDistanceMajor,
        AssetClass.Regular => Settings.TrailingDistanceRegular,
        AssetClass.Meme => Settings.TrailingDistanceMeme,
        AssetClass.Forex => Settings.TrailingDistanceRegular,
    };

    public decimal TrailingDistance(string symbol) => TrailingDistance(Classify(symbol));

    /// <summary>
    /// The maximum hold time of a strategy position, or null for none: scalping strategies 30 min, meme coins
    /// 24 h, forex 4 h. When two apply (a scalping strategy trading a meme coin) the shorter wins.
    /// </summary>
    public TimeSpan? MaxHold(string strategyId, string symbol)
    {
        TimeSpan? byClass = Classify(symbol) switch
        {
            AssetClass.Meme => Settings.MemeMaxHold,
            AssetClass.Forex => Settings.ForexMaxHold,
            AssetClass.Major or AssetClass.Regular => null,
        };

        if (!Settings.ScalpingStrategies.Contains(strategyId))
        {
            return byClass;
        }

        return byClass is { } limit && limit < Settings.ScalpingMaxHold ? limit : Settings.ScalpingMaxHold;
    }

    /// <summary>The correlation assumed when too few points are known: majors 0.75, others 0.5.</summary>
    public decimal DefaultCorrelation(string symbol) =>
        Classify(symbol) == AssetClass.Major ? Settings.CorrelationDefaultMajor : Settings.CorrelationDefaultOther;

    internal static string BaseAsset(string symbol)
    {
        foreach (var quote in Quotes)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.OrdinalIgnoreCase))
            {
                return symbol[..^quote.Length];
            }
        }

        return symbol;
    }

    private AssetClass? ClassOf(string asset) =>
        Settings.MajorAssets.Contains(asset) ? AssetClass.Major
        : Settings.MemeAssets.Contains(asset) ? AssetClass.Meme
        : Settings.ForexAssets.Contains(asset) ? AssetClass.Forex
        : null;
}
