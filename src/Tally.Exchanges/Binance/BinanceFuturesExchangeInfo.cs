namespace Tally.Exchanges.Binance;

/// <summary>USD-M <c>GET /fapi/v1/exchangeInfo</c>: the rate limits and each symbol's trading filters.</summary>
public sealed record BinanceFuturesExchangeInfo(IReadOnlyList<BinanceRateLimit> RateLimits, IReadOnlyList<BinanceSymbolFilters> Symbols)
{
    private const string What = "exchangeInfo";

    /// <summary>The symbol's filters; null when exchangeInfo does not list it.</summary>
    public BinanceSymbolFilters? Find(string symbol) => Symbols.FirstOrDefault(s => s.Symbol == symbol);

    /// <exception cref="FormatException">A field is missing or malformed (named in the message).</exception>
    public static BinanceFuturesExchangeInfo Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = BinanceJsonObject.Of(document.RootElement, "", What);
        return new(
            [.. root.Objects("rateLimits").Select(BinanceRateLimit.Read)],
            [.. root.Objects("symbols").Select(BinanceSymbolFilters.Read)]);
    }
}
