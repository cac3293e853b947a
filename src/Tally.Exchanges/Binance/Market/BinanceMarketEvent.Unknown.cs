namespace Tally.Exchanges.Binance.Market;

public abstract partial record BinanceMarketEvent
{
    /// <summary>An event type this code does not model (bookTicker, forceOrder, …), with its JSON.</summary>
    public sealed record Unknown(string EventType, string Json) : BinanceMarketEvent
    {
        public override string Symbol => string.Empty;
    }
}
