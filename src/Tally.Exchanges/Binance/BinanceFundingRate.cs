namespace Tally.Exchanges.Binance;

/// <summary>One row of USD-M <c>GET /fapi/v1/fundingRate</c>: the rate a symbol settled at one funding time.</summary>
/// <param name="FundingRate">Positive: longs pay shorts.</param>
/// <param name="FundingTime">Unix milliseconds.</param>
/// <param name="MarkPrice">The mark used; null when absent (Binance sends "" for old rows).</param>
public sealed record BinanceFundingRate(string Symbol, decimal FundingRate, long FundingTime, decimal? MarkPrice)
{
    private const string What = "fundingRate row";

    /// <exception cref="FormatException">The body is not an array of rows, or a row misses or garbles a field (named in the message).</exception>
    public static IReadOnlyList<BinanceFundingRate> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(Read)];
    }

    /// <exception cref="FormatException">A required field is missing or a field is malformed (named in the message).</exception>
    public static BinanceFundingRate Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return Read(BinanceJsonObject.Of(document.RootElement, "", What));
    }

    internal static BinanceFundingRate Read(BinanceJsonObject row) => new(
        Symbol: row.String("symbol"),
        FundingRate: row.Decimal("fundingRate"),
        FundingTime: row.Int64("fundingTime"),
        MarkPrice: string.IsNullOrEmpty(row.OptionalString("markPrice")) ? null : row.Decimal("markPrice"));
}
