namespace Tally.Exchanges.Binance.Market;

/// <summary>Where a <see cref="BinanceMarketDataClient"/> stands.</summary>
public enum BinanceMarketDataState
{
    /// <summary>Opening the first connection.</summary>
    Connecting,

    /// <summary>Subscribed and reading (any gap since the last connection is being, or has been, back-filled).</summary>
    Connected,

    /// <summary>The connection dropped, went silent or could not be opened; waiting out the backoff before the next attempt.</summary>
    Reconnecting,

    /// <summary>The consumer stopped reading (cancellation or the end of the enumeration).</summary>
    Stopped,
}
