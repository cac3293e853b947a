namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// USD-M <c>ORDER_TRADE_UPDATE</c>: an order changed (new, cancelled, expired, filled, liquidated, ADL).
    /// When <see cref="BinanceFuturesOrderUpdate.IsFill"/> it carries one fill.
    /// </summary>
    /// <param name="BusinessUnit"><c>fs</c> on Portfolio Margin ("UM" or "CM"); null otherwise.</param>
    /// <param name="AccountAlias">Top-level <c>i</c> on Portfolio Margin; null otherwise.</param>
    public sealed record OrderTradeUpdate(
        long EventTime,
        long TransactionTime,
        string? BusinessUnit,
        string? AccountAlias,
        BinanceFuturesOrderUpdate Order) : BinanceUserDataEvent
    {
        public const string EventType = "ORDER_TRADE_UPDATE";

        internal static OrderTradeUpdate Read(BinanceJsonObject e) => new(
            e.Int64("E"),
            e.Int64("T"),
            e.OptionalString("fs"),
            e.OptionalString("i"),
            BinanceFuturesOrderUpdate.Read(e.Object("o")));
    }
}
