namespace Tally.Core.Risk;

/// <summary>
/// A closed 1-minute candle with the volume split by taker side (what the dump detector reads). A minute without
/// trades is a flat candle at the previous close with no volume, as Binance's klines are.
/// </summary>
public readonly record struct Candle(
    DateTimeOffset OpenTime,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal TakerBuyVolume,
    decimal TakerSellVolume)
{
    public decimal Volume => TakerBuyVolume + TakerSellVolume;

    /// <summary>From a kline (REST back-fill or <c>@kline_1m</c>): taker sell volume = volume − taker buy volume.</summary>
    public static Candle FromKline(
        DateTimeOffset openTime, decimal open, decimal high, decimal low, decimal close, decimal volume, decimal takerBuyVolume) =>
        new(openTime, open, high, low, close, takerBuyVolume, volume - takerBuyVolume);
}
