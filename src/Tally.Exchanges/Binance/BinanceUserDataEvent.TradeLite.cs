using Tally.Core;

namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// USD-M <c>TRADE_LITE</c>: a faster, reduced fill message. It has no commission, realised PnL or
    /// position side; the matching ORDER_TRADE_UPDATE (same <see cref="TradeId"/>) follows with those.
    /// </summary>
    /// <param name="TransactionTime"><c>T</c>: the fill time, Unix milliseconds.</param>
    /// <param name="OriginalQuantity"><c>q</c>: the order's quantity; null when absent.</param>
    /// <param name="OriginalPrice"><c>p</c>: the order's price; null when absent.</param>
    /// <param name="LastFilledPrice"><c>L</c>: price of this fill.</param>
    /// <param name="LastFilledQuantity"><c>l</c>: quantity of this fill.</param>
    /// <param name="OrderId"><c>i</c>: may exceed 2^53 (8389765739703625592 has been seen).</param>
    public sealed record TradeLite(
        long EventTime,
        long TransactionTime,
        string Symbol,
        decimal? OriginalQuantity,
        decimal? OriginalPrice,
        bool IsMaker,
        string ClientOrderId,
        Side Side,
        decimal LastFilledPrice,
        decimal LastFilledQuantity,
        long TradeId,
        long OrderId) : BinanceUserDataEvent
    {
        public const string EventType = "TRADE_LITE";

        internal static TradeLite Read(BinanceJsonObject e) => new(
            EventTime: e.Int64("E"),
            TransactionTime: e.Int64("T"),
            Symbol: e.String("s"),
            OriginalQuantity: e.OptionalDecimal("q"),
            OriginalPrice: e.OptionalDecimal("p"),
            IsMaker: e.OptionalBoolean("m") ?? false,
            ClientOrderId: e.String("c"),
            Side: e.Side("S"),
            LastFilledPrice: e.Decimal("L"),
            LastFilledQuantity: e.Decimal("l"),
            TradeId: e.Int64("t"),
            OrderId: e.Int64("i"));
    }
}
