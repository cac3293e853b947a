using System.Threading.Channels;
using Tally.PaperExchange.Market;

namespace Tally.PaperExchange.Streams;

/// <summary>
/// The public market streams of one market — USD-M (binance-wire-market.md §1–§2) or spot (<see cref="ForSpot"/>): connections subscribed to stream names such as
/// <c>btcusdt@aggTrade</c>, <c>btcusdt@markPrice@1s</c> or <c>btcusdt@kline_1m</c>, raw (bare events) or combined
/// (<c>{"stream":…,"data":…}</c>), with the same fault machinery as the user-data stream (<see cref="StreamFanout"/>):
/// drop, duplicate, reorder, delay, disconnect, silent. Messages come from the venue's tape; a once-a-second clock on
/// the exchange's <see cref="TimeProvider"/> (armed at the first connection, since a virtual clock may run a timer at
/// once) sends mark prices (USD-M) or open klines (spot) and closes minutes. Thread safe.
/// </summary>
public sealed class MarketStreams : IMarketSink, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly StreamFanout _fanout;
    private Action? _tick;
    private ITimer? _clock;

    /// <summary>The USD-M streams.</summary>
    public MarketStreams(PaperExchangeOptions options)
        : this(options, 0x3A7C, options?.PingInterval ?? TimeSpan.Zero, options?.PongTimeout ?? TimeSpan.Zero)
    {
    }

    private MarketStreams(PaperExchangeOptions options, int faultSalt, TimeSpan pingInterval, TimeSpan pongTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = options.TimeProvider;
        _fanout = new StreamFanout(
            options.TimeProvider,
            unchecked(options.Seed ^ faultSalt),
            new StreamFaultRates(options.MarketDropRate, options.MarketDuplicateRate, options.MarketReorderRate, options.MarketDelayRate, options.StreamDelay),
            onlyWanted: true);
        PingInterval = pingInterval;
        PongTimeout = pongTimeout;
    }

    public TimeSpan PingInterval { get; }

    /// <summary>
    /// The spot streams: the same machinery, options and fault rates as the USD-M ones, with a fault stream of their
    /// own (spot traffic does not shift the USD-M faults of a seed) and spot's ping schedule (<see cref="Spot.SpotOptions.PingInterval"/>).
    /// </summary>
    public static MarketStreams ForSpot(PaperExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options, 0x5A7C, options.Spot.PingInterval, options.Spot.PongTimeout);
    }

    public TimeSpan PongTimeout { get; }

    /// <summary>Open market-stream connections.</summary>
    public int Connections => _fanout.Connections;

    /// <summary>Messages a delay fault is holding.</summary>
    public int HeldEvents => _fanout.HeldEvents;

    /// <summary>Scripts the faults of the next messages someone reads, in order (admin endpoint); delay holds the configured time.</summary>
    public void Enqueue(StreamFault fault, int count) => _fanout.Enqueue(fault, count, _fanout.DefaultDelay);

    /// <summary>Scripts the faults of the next messages someone reads; <paramref name="delay"/> is how long a delay holds them.</summary>
    public void Enqueue(StreamFault fault, int count, TimeSpan delay) => _fanout.Enqueue(fault, count, delay);

    /// <summary>
    /// Stream names from a URL: <c>a/b</c> (raw, after <c>/ws/</c>) or <c>a/b</c> (the <c>streams</c> query). The symbol
    /// part is lower-cased; null when a name is empty or holds characters other than letters, digits, <c>@</c> and <c>_</c>.
    /// </summary>
    public static IReadOnlySet<string>? ParseNames(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in text.Split('/'))
        {
            var at = name.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '_'))
            {
                return null;
            }

            names.Add(name[..at].ToLowerInvariant() + name[at..]);
        }

        return names.Count > 0 ? names : null;
    }

    /// <summary>A reader of the subscribed streams from now on; combined wraps each as <c>{"stream":…,"data":…}</c>.</summary>
    public ChannelReader<string> Connect(IReadOnlySet<string> streams, bool combined)
    {
        ArgumentNullException.ThrowIfNull(streams);

        // Names are letters, digits, @ and _ only (ParseNames), so they need no JSON escaping.
        var reader = _fanout.Connect(
            stream => stream is null || streams.Contains(stream),
            combined ? static m => $"{{\"stream\":\"{m.Stream}\",\"data\":{m.Json}}}" : static m => m.Json);
        ArmClock();
        return reader;
    }

    public void Disconnect(ChannelReader<string> reader) => _fanout.Disconnect(reader);

    /// <summary>Sends <paramref name="text"/> as it is to every market connection, without fault draws (a garbled frame).</summary>
    public void SendRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _fanout.SendRaw(new StreamMessage(null, text));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _clock?.Dispose();
            _clock = null;
            _tick = null;
        }

        _fanout.CloseAll();
    }

    bool IMarketSink.Wants(string stream) => _fanout.Wants(stream);

    void IMarketSink.Publish(string stream, string json) => _fanout.Publish(new StreamMessage(stream, json));

    /// <summary>What the once-a-second clock calls (the venue's mark prices and minute closes); set by the host.</summary>
    internal void SetClock(Action tick)
    {
        lock (_lock)
        {
            _tick = tick;
        }
    }

    private void ArmClock()
    {
        lock (_lock)
        {
            if (_clock is not null || _tick is null)
            {
                return;
            }

            // First due at the next whole second of the exchange clock, then every second; the tick itself works out
            // which whole seconds passed, so a coarse or bunched timer loses nothing.
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var due = TimeSpan.FromMilliseconds(1000 - (((now % 1000) + 1000) % 1000));
            var tick = _tick;
            _clock = _time.CreateTimer(_ => tick(), null, due, TimeSpan.FromSeconds(1));
        }
    }
}
