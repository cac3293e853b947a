namespace Tally.PaperExchange;

/// <summary>
/// One tradable USD-M perpetual of the paper exchange and the filters exchangeInfo publishes for it.
/// Prices move in whole ticks and quantities in whole steps, as on the real venue.
/// </summary>
/// <param name="TickSize">PRICE_FILTER tickSize: every price is a multiple of it.</param>
/// <param name="StepSize">LOT_SIZE stepSize: every quantity is a multiple of it; minQty equals one step.</param>
/// <param name="MaxQuantity">LOT_SIZE maxQty.</param>
/// <param name="MinNotional">MIN_NOTIONAL: price × quantity of an order that is not reduce-only must reach it.</param>
/// <param name="StartPrice">Where the seeded random walk starts; a multiple of <paramref name="TickSize"/>.</param>
/// <param name="MaxTicksPerStep">The walk moves by a whole number of ticks in [−n, n] per step.</param>
public sealed record PaperSymbol(
    string Symbol,
    string BaseAsset,
    string QuoteAsset,
    decimal TickSize,
    decimal StepSize,
    decimal MaxQuantity,
    decimal MinNotional,
    decimal StartPrice,
    int MaxTicksPerStep)
{
    /// <summary>Five liquid USDT perpetuals with tick and step sizes like the real ones.</summary>
    public static IReadOnlyList<PaperSymbol> Defaults { get; } =
    [
        new("BTCUSDT", "BTC", "USDT", 0.10m, 0.001m, 1000m, 100m, 90000.00m, 50),
        new("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 20m, 3000.00m, 30),
        new("SOLUSDT", "SOL", "USDT", 0.0100m, 0.01m, 100000m, 5m, 140.0000m, 10),
        new("BNBUSDT", "BNB", "USDT", 0.010m, 0.01m, 10000m, 5m, 600.000m, 10),
        new("XRPUSDT", "XRP", "USDT", 0.0001m, 0.1m, 10000000m, 5m, 2.0000m, 5),
    ];

    /// <summary>Decimal places of <see cref="TickSize"/> (0.0100 → 2).</summary>
    public int PricePrecision => Places(TickSize);

    /// <summary>Decimal places of <see cref="StepSize"/> (0.001 → 3).</summary>
    public int QuantityPrecision => Places(StepSize);

    /// <summary>Places of a decimal once trailing zeros are dropped: 0.0100 → 2, 5 → 0.</summary>
    public static int Places(decimal value)
    {
        var normalized = value / 1.0000000000000000000000000000m;
        return normalized.Scale;
    }
}
