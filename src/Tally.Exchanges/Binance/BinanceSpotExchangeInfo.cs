namespace Tally.Exchanges.Binance;

/// <summary>Spot <c>GET /api/v3/exchangeInfo</c>: the rate limits and, per symbol, its base and quote asset.</summary>
/// <param name="Filters">Each pair's trading filters (tick, step, minimum quantity and notional), in the order of <paramref name="Symbols"/>.</param>
public sealed record BinanceSpotExchangeInfo(IReadOnlyList<BinanceRateLimit> RateLimits, IReadOnlyList<BinanceSpotSymbol> Symbols, IReadOnlyList<BinanceSymbolFilters> Filters)
{
    /// <summary>The pair's filters; null when exchangeInfo does not list it.</summary>
    public BinanceSymbolFilters? FindFilters(string symbol) => Filters.FirstOrDefault(s => s.Symbol == symbol);

    private const string What = "spot exchangeInfo";

    /// <exception cref="FormatException">A field is missing or malformed (named in the message).</exception>
    public static BinanceSpotExchangeInfo Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = BinanceJsonObject.Of(document.RootElement, "", What);
        return new(
            [.. root.Objects("rateLimits").Select(BinanceRateLimit.Read)],
            [.. root.Objects("symbols").Select(s => new BinanceSpotSymbol(s.String("symbol"), s.String("baseAsset"), s.String("quoteAsset"), s.OptionalString("status")))],
            [.. root.Objects("symbols").Select(BinanceSymbolFilters.Read)]);
    }
}

/// <summary>One spot pair as exchangeInfo lists it.</summary>
/// <param name="Status">TRADING, BREAK, …; null when absent.</param>
public sealed record BinanceSpotSymbol(string Symbol, string BaseAsset, string QuoteAsset, string? Status);
