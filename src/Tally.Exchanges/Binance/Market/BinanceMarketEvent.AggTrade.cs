using Tally.Core;

namespace Tally.Exchanges.Binance.Market;

public abstract partial record BinanceMarketEvent
{
    /// <summary>
    /// <c>aggTrade</c>: market fills at one price and taker side, merged. <see cref="AggregateTradeId"/> rises by one
    /// per symbol, so a jump means lost messages.
    /// </summary>
    /// <param name="BuyerIsMaker"><c>m</c>: true when the taker sold.</param>
    public sealed record AggTrade(
        long EventTime,
        string Symbol,
        long AggregateTradeId,
        decimal Price,
        decimal Quantity,
        long FirstTradeId,
        long LastTradeId,
        long TradeTime,
        bool BuyerIsMaker) : BinanceMarketEvent
    {
        public const string EventType = "aggTrade";

        public override string Symbol { get; } = Symbol;

        /// <summary>Who took liquidity: SELL when the buyer was the maker, else BUY.</summary>
        public Side TakerSide => BuyerIsMaker ? Side.Sell : Side.Buy;

        internal static AggTrade Read(BinanceJsonObject e) => new(
            EventTime: e.Int64("E"),
            Symbol: e.String("s"),
            AggregateTradeId: e.Int64("a"),
            Price: e.Decimal("p"),
            Quantity: e.Decimal("q"),
            FirstTradeId: e.Int64("f"),
            LastTradeId: e.Int64("l"),
            TradeTime: e.Int64("T"),
            BuyerIsMaker: e.Boolean("m"));
    }
}
