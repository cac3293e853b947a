namespace Tally.PaperExchange;

/// <summary>
/// A symbol's rolling 24-hour statistics on the paper exchange: its own fills in the window plus the price feed.
/// The last price is the feed's current price, so /ticker/price, /ticker/24hr and positionRisk's mark agree.
/// </summary>
/// <param name="OpenPrice">Price of the first fill in the window, or the current price when there was none.</param>
/// <param name="FirstId">First trade id in the window; -1 when there was none.</param>
public sealed record TickerSnapshot(
    PaperSymbol Symbol,
    decimal LastPrice,
    decimal OpenPrice,
    decimal HighPrice,
    decimal LowPrice,
    decimal Volume,
    decimal QuoteVolume,
    decimal LastQuantity,
    long FirstId,
    long LastId,
    int Count,
    DateTimeOffset OpenTime,
    DateTimeOffset CloseTime)
{
    public decimal PriceChange => LastPrice - OpenPrice;

    /// <summary>Percent, 3 places: 3000 → 3030 is 1.000.</summary>
    public decimal PriceChangePercent => Math.Round(PriceChange / OpenPrice * 100m, 3, MidpointRounding.ToEven);

    /// <summary>Σ price·qty / Σ qty over the window's fills; the last price when there were none.</summary>
    public decimal WeightedAveragePrice => Volume == 0 ? LastPrice : QuoteVolume / Volume;
}
