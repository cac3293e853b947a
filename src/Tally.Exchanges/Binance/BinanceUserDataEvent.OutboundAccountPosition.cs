namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>Spot <c>outboundAccountPosition</c>: balances of the assets that changed.</summary>
    /// <param name="LastUpdateTime"><c>u</c>: time of the account change, Unix milliseconds.</param>
    public sealed record OutboundAccountPosition(
        long EventTime,
        long LastUpdateTime,
        IReadOnlyList<BinanceSpotBalance> Balances) : BinanceUserDataEvent
    {
        public const string EventType = "outboundAccountPosition";

        internal static OutboundAccountPosition Read(BinanceJsonObject e) => new(
            e.Int64("E"),
            e.Int64("u"),
            [.. e.Objects("B").Select(BinanceSpotBalance.Read)]);
    }
}
