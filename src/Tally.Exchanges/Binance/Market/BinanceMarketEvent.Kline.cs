namespace Tally.Exchanges.Binance.Market;

public abstract partial record BinanceMarketEvent
{
    /// <summary>
    /// <c>kline</c>: a bar so far (<see cref="IsClosed"/> false, sent while it changes) or final (<c>x</c> true). Key bars
    /// by <see cref="BinanceKline.OpenTime"/>. <see cref="IsBackFilled"/> marks a closed bar that
    /// <see cref="BinanceMarketDataClient"/> fetched over REST to fill a gap, rather than received.
    /// </summary>
    /// <param name="EventTime"><c>E</c>; for a back-filled bar, when it was fetched (exchange clock as measured).</param>
    /// <param name="FirstTradeId"><c>k.f</c>; −1 (or absent, as in REST rows) when the bar has no trades.</param>
    public sealed record Kline(
        long EventTime,
        BinanceKline Bar,
        bool IsClosed,
        long FirstTradeId,
        long LastTradeId,
        bool IsBackFilled) : BinanceMarketEvent
    {
        public const string EventType = "kline";

        public override string Symbol => Bar.Symbol;

        internal static Kline Read(BinanceJsonObject e)
        {
            var k = e.Object("k");
            var bar = new BinanceKline(
                Symbol: e.String("s"),
                Interval: k.String("i"),
                OpenTime: k.Int64("t"),
                CloseTime: k.Int64("T"),
                Open: k.Decimal("o"),
                High: k.Decimal("h"),
                Low: k.Decimal("l"),
                Close: k.Decimal("c"),
                Volume: k.Decimal("v"),
                QuoteVolume: k.Decimal("q"),
                Trades: k.Int64("n"),
                TakerBuyVolume: k.Decimal("V"),
                TakerBuyQuoteVolume: k.Decimal("Q"));
            return new Kline(e.Int64("E"), bar, k.Boolean("x"), k.OptionalInt64("f") ?? -1, k.OptionalInt64("L") ?? -1, IsBackFilled: false);
        }
    }
}
