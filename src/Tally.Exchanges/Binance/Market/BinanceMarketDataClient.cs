using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Tally.Exchanges.Binance.Client;

namespace Tally.Exchanges.Binance.Market;

/// <summary>
/// The public market streams of a set of symbols over one combined-stream WebSocket
/// (<c>&lt;base&gt;stream?streams=ethusdt@aggTrade/ethusdt@markPrice@1s/ethusdt@kline_1m/…</c>), read as typed
/// <see cref="BinanceMarketEvent"/>s through <see cref="ReadAllAsync"/>: USD-M futures (built on a
/// <see cref="BinanceFuturesClient"/>) or spot (built on a <see cref="BinanceSpotClient"/>: aggregate trades and klines,
/// no mark prices). It reconnects with exponential backoff when the server closes the socket, the connection breaks, or
/// nothing arrives for <see cref="BinanceMarketDataOptions.SilenceTimeout"/>; and it keeps the closed 1-minute candles
/// gap-free: after every reconnect, and whenever a closed candle arrives more than a minute after the previous one (a lost
/// message), the missing ones are fetched with <c>GET /fapi/v1/klines</c> (spot: <c>GET /api/v3/klines</c>) and
/// delivered, in order, as <see cref="BinanceMarketEvent.Kline"/> with <c>IsBackFilled</c>, before the stream goes on.
/// </summary>
/// <remarks>
/// <para>
/// What a consumer gets: every closed 1m candle of every symbol exactly once and in open-time order (from the first one
/// received, or <see cref="BinanceMarketDataOptions.HistoryCandles"/> earlier); live candle updates, mark prices (USD-M)
/// and aggregate trades as they come, duplicates removed (trades by id; a trade arriving late after a later one is still
/// delivered). Trades and mark prices lost while disconnected are not recovered (see <see cref="AggTradeGaps"/>).
/// A frame that cannot be parsed is skipped and counted (<see cref="MalformedFrames"/>).
/// </para>
/// <para>Thread safety: one enumeration at a time; the counters may be read from any thread.</para>
/// </remarks>
public sealed class BinanceMarketDataClient
{
    /// <summary>Binance's spot market-stream base (<c>/ws/…</c> and <c>/stream?streams=…</c> hang off it).</summary>
    public static Uri BinanceSpotStreamBase { get; } = new("wss://stream.binance.com:9443/");

    private const long Minute = 60_000;
    private const string OneMinute = "1m";

    /// <summary>
    /// The last row of an open-ended REST answer counts as closed only when it ended this long ago: Binance sends the
    /// bar still open as the last row, and a local clock a little ahead of Binance's must not take it for final.
    /// </summary>
    private static readonly TimeSpan ClosedMargin = TimeSpan.FromSeconds(5);

    /// <summary>Trade ids remembered per symbol as skipped, so that a late (reordered) one is still delivered once.</summary>
    private const int MaxMissingIds = 1000;

    private readonly KlineSource _rest;
    private readonly TimeProvider _time;
    private readonly BinanceMarketDataOptions _options;
    private readonly Action<BinanceMarketDataStatus>? _onStatus;
    private readonly IReadOnlyList<string> _symbols;
    private readonly Dictionary<string, long> _lastClosed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastTradeId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<long>> _missingTradeIds = new(StringComparer.Ordinal);
    private int _reading;
    private int _reconnects;
    private int _backFilled;
    private int _malformed;
    private int _tradeGaps;
    private long _lastMessageTicks;

    /// <summary>The USD-M streams.</summary>
    /// <param name="rest">For the kline back-fill (public calls, no key needed).</param>
    /// <param name="streamBase">
    /// The WebSocket base that <c>stream?streams=…</c> is appended to, ending in '/': <c>wss://fstream.binance.com/market/</c>
    /// (binance-wire-market.md §1), or a paper exchange's <c>ws://127.0.0.1:port/</c>.
    /// </param>
    /// <param name="symbols">USD-M symbols, e.g. BTCUSDT (any case).</param>
    /// <param name="onStatus">Told of every state change (from the reading task; must not block).</param>
    public BinanceMarketDataClient(
        BinanceFuturesClient rest,
        Uri streamBase,
        IEnumerable<string> symbols,
        TimeProvider time,
        BinanceMarketDataOptions? options = null,
        Action<BinanceMarketDataStatus>? onStatus = null)
        : this(KlineSource.Of(rest), streamBase, symbols, time, options, onStatus)
    {
    }

    /// <summary>
    /// The spot streams: <c>&lt;symbol&gt;@aggTrade</c> and <c>&lt;symbol&gt;@kline_1m</c> (spot has no mark price:
    /// <see cref="BinanceMarketDataOptions.MarkPrices"/> is not subscribed whatever it says). Spot pushes the open kline
    /// every two seconds, which keeps the silence check fed; with klines off, allow for quiet pairs in
    /// <see cref="BinanceMarketDataOptions.SilenceTimeout"/>.
    /// </summary>
    /// <param name="rest">For the kline back-fill over <c>GET /api/v3/klines</c> (public calls, no key needed).</param>
    /// <param name="streamBase">
    /// The spot WebSocket base that <c>stream?streams=…</c> is appended to, ending in '/': <see cref="BinanceSpotStreamBase"/>,
    /// or a paper exchange's <c>ws://127.0.0.1:port/spot/</c> (see <see cref="SpotStreamBaseFor"/>).
    /// </param>
    /// <param name="symbols">Spot pairs, e.g. BTCUSDT (any case).</param>
    /// <param name="onStatus">Told of every state change (from the reading task; must not block).</param>
    public BinanceMarketDataClient(
        BinanceSpotClient rest,
        Uri streamBase,
        IEnumerable<string> symbols,
        TimeProvider time,
        BinanceMarketDataOptions? options = null,
        Action<BinanceMarketDataStatus>? onStatus = null)
        : this(KlineSource.Of(rest), streamBase, symbols, time, options, onStatus)
    {
    }

    private BinanceMarketDataClient(
        KlineSource rest,
        Uri streamBase,
        IEnumerable<string> symbols,
        TimeProvider time,
        BinanceMarketDataOptions? options,
        Action<BinanceMarketDataStatus>? onStatus)
    {
        ArgumentNullException.ThrowIfNull(streamBase);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new BinanceMarketDataOptions();
        _options.Validate();
        if (rest.Spot && !_options.AggTrades && !_options.Klines)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Spot has no mark-price stream: subscribe to aggregate trades or klines.");
        }

        _symbols = [.. symbols.Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
        if (_symbols.Count == 0 || _symbols.Any(s => s.Length == 0 || !s.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ArgumentException("Give at least one symbol, letters and digits only.", nameof(symbols));
        }

        _rest = rest;
        _time = time;
        _onStatus = onStatus;
        var streams = _symbols.SelectMany(StreamNames);
        StreamUri = new Uri(streamBase, "stream?streams=" + string.Join('/', streams));
    }

    /// <summary>
    /// The spot market-stream base for a spot REST base: Binance's own (<see cref="BinanceSpotStreamBase"/>) for
    /// api.binance.com, else the REST host's <c>/spot/</c> (the paper exchange serves spot streams there, beside the
    /// USD-M ones at <c>/ws/</c> and <c>/market/</c>).
    /// </summary>
    public static Uri SpotStreamBaseFor(Uri restBase)
    {
        ArgumentNullException.ThrowIfNull(restBase);
        // api.binance.com and its mirrors api1…api4, api-gcp: one stream host.
        if (restBase.Host.EndsWith(".binance.com", StringComparison.OrdinalIgnoreCase) && restBase.Host.StartsWith("api", StringComparison.OrdinalIgnoreCase))
        {
            return BinanceSpotStreamBase;
        }

        return new UriBuilder(restBase) { Scheme = restBase.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/spot/", Query = string.Empty }.Uri;
    }

    /// <summary>The combined-stream URL the client opens.</summary>
    public Uri StreamUri { get; }

    /// <summary>Connections lost (or refused) and replaced so far.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Closed candles delivered from REST rather than from the stream.</summary>
    public int BackFilledCandles => Volatile.Read(ref _backFilled);

    /// <summary>Frames skipped because they could not be parsed.</summary>
    public int MalformedFrames => Volatile.Read(ref _malformed);

    /// <summary>Jumps in a symbol's aggregate trade ids: trades the stream lost (not recovered).</summary>
    public int AggTradeGaps => Volatile.Read(ref _tradeGaps);

    /// <summary>
    /// Connects and yields events until <paramref name="cancellationToken"/> fires or the enumeration is abandoned,
    /// reconnecting and back-filling as needed. An unexpected error (a bug, not a network fault) ends the enumeration
    /// with that exception.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another enumeration is running.</exception>
    public async IAsyncEnumerable<BinanceMarketEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("The market-data client is already being read.");
        }

        var channel = Channel.CreateBounded<BinanceMarketEvent>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => RunAsync(channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer; // never throws: it completes the channel with any error instead
            Volatile.Write(ref _reading, 0);
        }
    }

    private IEnumerable<string> StreamNames(string symbol)
    {
        var lower = symbol.ToLowerInvariant();
        if (_options.AggTrades)
        {
            yield return lower + "@aggTrade";
        }

        if (_options.MarkPrices && !_rest.Spot)
        {
            yield return lower + "@markPrice@1s";
        }

        if (_options.Klines)
        {
            yield return lower + "@kline_" + OneMinute;
        }
    }

    private async Task RunAsync(ChannelWriter<BinanceMarketEvent> writer, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            var attempt = 0;
            var first = true;
            Report(BinanceMarketDataState.Connecting, 0, null, TimeSpan.Zero);
            while (true)
            {
                string reason;
                try
                {
                    using var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = _options.PingInterval;
                    await socket.ConnectAsync(StreamUri, ct);
                    attempt = 0;
                    Volatile.Write(ref _lastMessageTicks, _time.GetUtcNow().UtcTicks);
                    Report(BinanceMarketDataState.Connected, 0, null, TimeSpan.Zero);
                    await BackFillAsync(writer, first, ct);
                    first = false;
                    reason = await PumpAsync(socket, writer, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is WebSocketException or HttpRequestException or IOException or BinanceApiException or FormatException or TaskCanceledException)
                {
                    // Network faults, refused or garbled back-fills, timeouts: all mean "try again after a while".
                    reason = e.Message;
                }

                attempt++;
                Interlocked.Increment(ref _reconnects);
                var delay = Backoff(attempt);
                Report(BinanceMarketDataState.Reconnecting, attempt, reason, delay);
                await Task.Delay(delay, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The consumer stopped.
        }
        catch (ChannelClosedException)
        {
            // The consumer abandoned the enumeration.
        }
#pragma warning disable CA1031 // Any other error is a bug: it reaches the consumer through the channel, not lost on a thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        Report(BinanceMarketDataState.Stopped, 0, failure?.Message, TimeSpan.Zero);
        writer.TryComplete(failure);
    }

    /// <summary>Reads one connection until it ends; the reason it ended.</summary>
    private async Task<string> PumpAsync(ClientWebSocket socket, ChannelWriter<BinanceMarketEvent> writer, CancellationToken ct)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var silent = new StrongBox<bool>();
        var watchdog = WatchSilenceAsync(connection, silent);
        var chunk = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk, connection.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return "closed by the server";
                }

                message.Write(chunk, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                Volatile.Write(ref _lastMessageTicks, _time.GetUtcNow().UtcTicks);
                BinanceMarketEvent e;
                try
                {
                    e = BinanceMarketDataParser.Parse(text);
                }
                catch (FormatException)
                {
                    Interlocked.Increment(ref _malformed);
                    continue;
                }

                await HandleAsync(e, writer, connection.Token);
            }
        }
        catch (OperationCanceledException) when (silent.Value && !ct.IsCancellationRequested)
        {
            return $"silent for {_options.SilenceTimeout.TotalSeconds:0.###} s";
        }
        finally
        {
            await connection.CancelAsync();
            await watchdog;
        }
    }

    /// <summary>Cancels <paramref name="connection"/> once no message has arrived for the silence timeout. Ends quietly.</summary>
    private async Task WatchSilenceAsync(CancellationTokenSource connection, StrongBox<bool> silent)
    {
        try
        {
            while (true)
            {
                var idle = _time.GetUtcNow() - new DateTimeOffset(Volatile.Read(ref _lastMessageTicks), TimeSpan.Zero);
                if (idle >= _options.SilenceTimeout)
                {
                    silent.Value = true;
                    await connection.CancelAsync();
                    return;
                }

                await Task.Delay(_options.SilenceTimeout - idle, _time, connection.Token);
            }
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested)
        {
            // The connection ended first.
        }
    }

    private async Task HandleAsync(BinanceMarketEvent e, ChannelWriter<BinanceMarketEvent> writer, CancellationToken ct)
    {
        switch (e)
        {
            case BinanceMarketEvent.AggTrade trade when !IsNewTrade(trade):
                return;
            case BinanceMarketEvent.Kline { IsClosed: true, Bar.Interval: OneMinute } kline:
                var symbol = kline.Bar.Symbol;
                if (_lastClosed.TryGetValue(symbol, out var last))
                {
                    if (kline.Bar.OpenTime <= last)
                    {
                        return; // a duplicate, or a candle the back-fill already delivered
                    }

                    if (kline.Bar.OpenTime > last + Minute)
                    {
                        await FillAsync(symbol, last + Minute, kline.Bar.OpenTime - 1, writer, ct);
                    }
                }

                _lastClosed[symbol] = kline.Bar.OpenTime;
                break;
        }

        await writer.WriteAsync(e, ct);
    }

    /// <summary>True for a trade not delivered yet: above the highest id seen, or one of the ids a jump skipped.</summary>
    private bool IsNewTrade(BinanceMarketEvent.AggTrade trade)
    {
        var symbol = trade.Symbol;
        if (!_lastTradeId.TryGetValue(symbol, out var last))
        {
            _lastTradeId[symbol] = trade.AggregateTradeId;
            return true;
        }

        if (trade.AggregateTradeId <= last)
        {
            return _missingTradeIds.TryGetValue(symbol, out var missing) && missing.Remove(trade.AggregateTradeId);
        }

        if (trade.AggregateTradeId > last + 1)
        {
            Interlocked.Increment(ref _tradeGaps);
            if (!_missingTradeIds.TryGetValue(symbol, out var missing))
            {
                missing = [];
                _missingTradeIds.Add(symbol, missing);
            }

            for (var id = last + 1; id < trade.AggregateTradeId && missing.Count < MaxMissingIds; id++)
            {
                missing.Add(id);
            }
        }

        _lastTradeId[symbol] = trade.AggregateTradeId;
        return true;
    }

    /// <summary>At a (re)connect: every candle closed since the last one delivered, or the history at the first connection.</summary>
    private async Task BackFillAsync(ChannelWriter<BinanceMarketEvent> writer, bool first, CancellationToken ct)
    {
        if (!_options.Klines)
        {
            return;
        }

        foreach (var symbol in _symbols)
        {
            if (_lastClosed.TryGetValue(symbol, out var last))
            {
                await FillAsync(symbol, last + Minute, null, writer, ct);
            }
            else if (first && _options.HistoryCandles > 0)
            {
                var rows = await _rest.Fetch(symbol, OneMinute, null, null, Math.Min(_options.HistoryCandles + 1, _rest.MaxRows), ct);
                await DeliverClosedAsync(symbol, rows, bounded: false, writer, ct);
            }
        }
    }

    /// <summary>
    /// The closed candles opening in [<paramref name="fromMs"/>, <paramref name="toMs"/>] (null: up to now), over as many
    /// REST pages as it takes. With <paramref name="toMs"/> every row is final: the stream has closed a later bar.
    /// </summary>
    private async Task FillAsync(string symbol, long fromMs, long? toMs, ChannelWriter<BinanceMarketEvent> writer, CancellationToken ct)
    {
        var start = fromMs;
        while (toMs is null || start <= toMs)
        {
            var rows = await _rest.Fetch(
                symbol,
                OneMinute,
                DateTimeOffset.FromUnixTimeMilliseconds(start),
                toMs is { } to ? DateTimeOffset.FromUnixTimeMilliseconds(to) : null,
                _rest.MaxRows,
                ct);
            var inRange = toMs is { } end ? [.. rows.Where(r => r.OpenTime <= end)] : rows;
            var complete = await DeliverClosedAsync(symbol, inRange, bounded: toMs is not null, writer, ct);
            if (!complete || rows.Count < _rest.MaxRows)
            {
                return;
            }

            start = rows[^1].OpenTime + Minute;
        }
    }

    /// <summary>
    /// Delivers, in order, the rows newer than the last delivered candle that are final: all of them when
    /// <paramref name="bounded"/>, else all but a last row that ended less than <see cref="ClosedMargin"/> ago. False
    /// when it stopped at such a row (the stream will close it).
    /// </summary>
    private async Task<bool> DeliverClosedAsync(string symbol, IReadOnlyList<BinanceKline> rows, bool bounded, ChannelWriter<BinanceMarketEvent> writer, CancellationToken ct)
    {
        var now = _time.GetUtcNow() + _rest.ClockOffset();
        var nowMs = now.ToUnixTimeMilliseconds();
        var settled = (now - ClosedMargin).ToUnixTimeMilliseconds();
        for (var i = 0; i < rows.Count; i++)
        {
            var bar = rows[i];
            if (!bounded && i == rows.Count - 1 && bar.CloseTime >= settled)
            {
                return false;
            }

            if (_lastClosed.TryGetValue(symbol, out var last) && bar.OpenTime <= last)
            {
                continue;
            }

            _lastClosed[symbol] = bar.OpenTime;
            Interlocked.Increment(ref _backFilled);
            await writer.WriteAsync(new BinanceMarketEvent.Kline(nowMs, bar, IsClosed: true, FirstTradeId: -1, LastTradeId: -1, IsBackFilled: true), ct);
        }

        return true;
    }

    private TimeSpan Backoff(int attempt)
    {
        // 1, 2, 4, 8 … × BaseBackoff, capped; no jitter: one client per process, and tests need a known schedule.
        var delay = _options.BaseBackoff;
        for (var i = 1; i < attempt && delay < _options.MaxBackoff; i++)
        {
            delay += delay;
        }

        return delay < _options.MaxBackoff ? delay : _options.MaxBackoff;
    }

    private void Report(BinanceMarketDataState state, int attempt, string? reason, TimeSpan delay) =>
        _onStatus?.Invoke(new BinanceMarketDataStatus(state, attempt, reason, delay));

    /// <summary>Where the back-fill reads klines: the USD-M or the spot REST client, with its page size and clock offset.</summary>
    private sealed record KlineSource(
        Func<string, string, DateTimeOffset?, DateTimeOffset?, int, CancellationToken, Task<IReadOnlyList<BinanceKline>>> Fetch,
        Func<TimeSpan> ClockOffset,
        int MaxRows,
        bool Spot)
    {
        public static KlineSource Of(BinanceFuturesClient rest)
        {
            ArgumentNullException.ThrowIfNull(rest);
            return new(rest.GetKlinesAsync, () => rest.ClockOffset, 1500, Spot: false);
        }

        public static KlineSource Of(BinanceSpotClient rest)
        {
            ArgumentNullException.ThrowIfNull(rest);
            return new(rest.GetKlinesAsync, () => rest.ClockOffset, BinanceSpotClient.MaxKlineRows, Spot: true);
        }
    }
}
