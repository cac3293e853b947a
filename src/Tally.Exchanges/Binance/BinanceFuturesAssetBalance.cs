namespace Tally.Exchanges.Binance;

/// <summary>One row of USD-M <c>GET /fapi/v2/balance</c>: an asset's wallet balance and what is available for new orders.</summary>
public sealed record BinanceFuturesAssetBalance(string Asset, decimal Balance, decimal? CrossWalletBalance, decimal AvailableBalance)
{
    private const string What = "balance";

    /// <exception cref="FormatException">The body is not an array of balance rows.</exception>
    public static IReadOnlyList<BinanceFuturesAssetBalance> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(row => new BinanceFuturesAssetBalance(
            row.String("asset"),
            row.Decimal("balance"),
            row.OptionalDecimal("crossWalletBalance"),
            row.Decimal("availableBalance")))];
    }
}
