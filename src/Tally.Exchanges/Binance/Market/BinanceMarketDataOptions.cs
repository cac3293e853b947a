namespace Tally.Exchanges.Binance.Market;

/// <summary>Tuning of <see cref="BinanceMarketDataClient"/>; durations on the client's <see cref="TimeProvider"/>.</summary>
public sealed record BinanceMarketDataOptions
{
    /// <summary>Subscribe to <c>&lt;symbol&gt;@aggTrade</c>.</summary>
    public bool AggTrades { get; init; } = true;

    /// <summary>Subscribe to <c>&lt;symbol&gt;@markPrice@1s</c>; it also keeps the stream audibly alive for the silence check.</summary>
    public bool MarkPrices { get; init; } = true;

    /// <summary>Subscribe to <c>&lt;symbol&gt;@kline_1m</c>; closed 1-minute candles are then kept gap-free by REST back-fill.</summary>
    public bool Klines { get; init; } = true;

    /// <summary>No message for this long → the stream is taken as stalled and replaced (mark prices come every second).</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first reconnect; doubles per failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Closed 1-minute candles per symbol fetched over REST at the first connection (0: none; at most 1499).</summary>
    public int HistoryCandles { get; init; }

    /// <summary>The client pings the server this often (WebSocket ping frames); infinite turns it off.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events buffered for a slow consumer. When it is full the receive loop waits, the socket's buffers fill and the
    /// server eventually drops the connection; the reconnect back-fills the candles, so a slow consumer loses trades
    /// and mark prices but never a closed candle.
    /// </summary>
    public int Capacity { get; init; } = 10_000;

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!AggTrades && !MarkPrices && !Klines)
        {
            throw new ArgumentOutOfRangeException(nameof(Klines), "Subscribe to at least one stream.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SilenceTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, BaseBackoff);
        ArgumentOutOfRangeException.ThrowIfNegative(HistoryCandles);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistoryCandles, 1499);
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1);
    }
}
