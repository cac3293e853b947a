namespace Tally.Exchanges.Binance;

/// <summary>Spot <c>GET /api/v3/account</c>: the balances (and when they last changed).</summary>
/// <param name="UpdateTime">Unix milliseconds; null when absent.</param>
public sealed record BinanceSpotAccount(IReadOnlyList<BinanceSpotBalance> Balances, long? UpdateTime)
{
    private const string What = "spot account";

    /// <exception cref="FormatException">A field is missing or malformed (named in the message).</exception>
    public static BinanceSpotAccount Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = BinanceJsonObject.Of(document.RootElement, "", What);
        return new(
            [.. root.Objects("balances").Select(b => new BinanceSpotBalance(b.String("asset"), b.Decimal("free"), b.Decimal("locked")))],
            root.OptionalInt64("updateTime"));
    }
}
