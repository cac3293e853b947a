namespace Tally.Exchanges.Binance.Market;

/// <summary>
/// One message of the Binance USD-M public market streams (binance-wire-market.md §2) as a closed set of cases:
/// <see cref="AggTrade"/>, <see cref="MarkPrice"/>, <see cref="Kline"/>, and <see cref="Unknown"/> for any other event
/// type, so a new Binance stream never breaks a consumer. Read one with <see cref="BinanceMarketDataParser.Parse"/>
/// and handle it with a switch expression.
/// </summary>
/// <remarks>Times are Unix milliseconds as sent; <c>EventTime</c> is <c>E</c>.</remarks>
public abstract partial record BinanceMarketEvent
{
    // Only the cases in this assembly can derive: the set is closed.
    private protected BinanceMarketEvent()
    {
    }

    /// <summary>The symbol the event is about (upper case, as Binance sends it); empty for <see cref="Unknown"/>.</summary>
    public abstract string Symbol { get; }
}
