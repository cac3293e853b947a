namespace Tally.Exchanges.Binance.Market;

public abstract partial record BinanceMarketEvent
{
    /// <summary><c>markPriceUpdate</c> (<c>@markPrice</c> every 3 s, <c>@markPrice@1s</c> every second).</summary>
    /// <param name="Price"><c>p</c>: the mark price.</param>
    /// <param name="IndexPrice"><c>i</c>; null when absent.</param>
    /// <param name="EstimatedSettlePrice"><c>P</c>; null when absent.</param>
    /// <param name="FundingRate"><c>r</c>; null when absent or "" (delivery contracts).</param>
    /// <param name="NextFundingTime"><c>T</c>; 0 for delivery contracts.</param>
    public sealed record MarkPrice(
        long EventTime,
        string Symbol,
        decimal Price,
        decimal? IndexPrice,
        decimal? EstimatedSettlePrice,
        decimal? FundingRate,
        long NextFundingTime) : BinanceMarketEvent
    {
        public const string EventType = "markPriceUpdate";

        public override string Symbol { get; } = Symbol;

        internal static MarkPrice Read(BinanceJsonObject e) => new(
            EventTime: e.Int64("E"),
            Symbol: e.String("s"),
            Price: e.Decimal("p"),
            IndexPrice: e.OptionalDecimal("i"),
            EstimatedSettlePrice: e.OptionalDecimal("P"),
            FundingRate: string.IsNullOrEmpty(e.OptionalString("r")) ? null : e.Decimal("r"),
            NextFundingTime: e.OptionalInt64("T") ?? 0);
    }
}
