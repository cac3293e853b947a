namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// An event type this code does not model (MARGIN_CALL, ALGO_UPDATE, balanceUpdate, a future one…):
    /// passed on rather than thrown, so one new Binance event cannot stop the stream.
    /// </summary>
    /// <param name="EventType">The <c>e</c> field as sent.</param>
    /// <param name="Raw">The event object's JSON (inside any envelope), for logging or later parsing.</param>
    public sealed record Unknown(string EventType, string Raw) : BinanceUserDataEvent;
}
