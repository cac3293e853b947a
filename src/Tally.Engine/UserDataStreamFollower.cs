using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Follows a Binance USD-M user-data stream (binance-wire.md §7) and stores every ORDER_TRADE_UPDATE fill.
/// The stream is not a replay log, so on every (re)connect it first opens the socket (events from then on are
/// buffered), then runs the REST backfill from the checkpoint, and only then declares itself
/// <see cref="StreamStatus.Live"/> and drains the buffer: nothing between the last REST page and the first
/// stream event can fall through. Fills seen by both are stored once (same identity, same content).
/// </summary>
/// <remarks>
/// Stream fills never move the sync checkpoint: an event the stream dropped would otherwise sit behind the
/// checkpoint where no backfill looks. A dropped event without a reconnect is found by the next sweep
/// (<see cref="TradeSynchronizer.SweepAsync"/>), or by the silent-stream check: every
/// <see cref="SilentCheckInterval"/> the follower asks REST for the trades after the newest one it has seen
/// complete (a small fromId page per symbol); a trade REST has but the log still lacks after
/// <see cref="SilentGrace"/> means the stream went silent (a socket that is open and answers pings but carries
/// nothing): the follower logs it, reconnects, and the reconnect's backfill stores what was missed. A
/// <c>listenKeyExpired</c> event, or -1125 on keep-alive, also reconnects, with a new key.
/// The check runs on the follower's task between two stream messages, so it never races the stream's ingest.
/// Not thread safe: run one <see cref="RunAsync"/> per account.
/// </remarks>
public sealed class UserDataStreamFollower
{
    // Posted into the buffer by the check timer; never a valid stream message (those are JSON objects).
    private const string CheckMarker = "\0silent-check";

    private readonly BinanceFuturesClient _client;
    private readonly TradeSynchronizer _synchronizer;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly Uri _streamBase;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Per symbol: the last trade id known to be in the log together with every id before it (in memory only).
    private readonly Dictionary<string, long> _complete = new(StringComparer.Ordinal);

    // Trades REST has and the log lacked, with when this follower first saw them missing; reset per connection.
    private readonly Dictionary<(string Symbol, long Id), DateTimeOffset> _missingSince = [];
    private int _silentDetections;
    private int _keyExpiries;

    /// <param name="streamBase">The WebSocket base the listenKey is appended to, e.g. wss://fstream.binance.com/private/ws/.</param>
    public UserDataStreamFollower(BinanceFuturesClient client, TradeSynchronizer synchronizer, FillLog log, TradeSyncOptions options, Uri streamBase, TimeProvider time, ILogger<UserDataStreamFollower>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streamBase);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _client = client;
        _synchronizer = synchronizer;
        _log = log;
        _options = options;
        _streamBase = streamBase;
        _time = time;
        _logger = logger ?? NullLogger<UserDataStreamFollower>.Instance;
    }

    /// <summary>Pause before reconnecting after the stream ended.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the listenKey is extended (Binance: it lives 60 minutes); infinite turns it off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often the client pings the server (WebSocket ping frames; the server's own pings are answered
    /// automatically). Infinite turns it off.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a ping may go unanswered before the connection is dropped and replaced (with a back-fill): a peer
    /// or a network path that died without closing shows itself only this way.
    /// </summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called on every status change (on the follower's task).</summary>
    public Action<StreamStatus>? StatusChanged { get; init; }

    /// <summary>Called after each stream fill is committed (on the follower's task).</summary>
    public Action<IngestReport>? FillIngested { get; init; }

    /// <summary>How often the silent-stream check asks REST for undelivered trades; infinite turns it off.</summary>
    public TimeSpan SilentCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a trade REST shows may stay undelivered before the stream is declared silent.</summary>
    public TimeSpan SilentGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows per symbol the silent-stream check asks for (userTrades limit, 1…1000).</summary>
    public int SilentCheckLimit { get; init; } = 50;

    /// <summary>Called after each silent-stream check (on the follower's task), after the next check's timer is set.</summary>
    public Action<SilentCheckResult>? SilentChecked { get; init; }

    public StreamStatus Status { get; private set; } = StreamStatus.Connecting;

    /// <summary>Connections opened so far (1 + reconnects).</summary>
    public int Connections { get; private set; }

    /// <summary>Connections opened after the first one, whatever the cause.</summary>
    public int Reconnects => Math.Max(0, Connections - 1);

    /// <summary>Times the silent-stream check found trades the stream never delivered and reconnected.</summary>
    public int SilentDetections => Volatile.Read(ref _silentDetections);

    /// <summary>Times the listenKey was found expired (listenKeyExpired event, or -1125 on keep-alive).</summary>
    public int KeyExpiries => Volatile.Read(ref _keyExpiries);

    /// <summary>The status with its counters, in one snapshot.</summary>
    public FollowerHealth Health => new(Status, Connections, Reconnects, SilentDetections, KeyExpiries);

    /// <summary>Follows the stream until cancelled, reconnecting (and backfilling) whenever it ends.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            SetStatus(StreamStatus.Connecting);
            var listenKey = await _client.CreateListenKeyAsync(cancellationToken);
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = PingInterval;
            socket.Options.KeepAliveTimeout = PingInterval == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : PingTimeout;
            try
            {
                await socket.ConnectAsync(new Uri(_streamBase, Uri.EscapeDataString(listenKey)), cancellationToken);
            }
            catch (WebSocketException e)
            {
                Log.StreamConnectFailed(_logger, _options.Venue, _options.Account, ReconnectDelay, e);
                await Task.Delay(ReconnectDelay, _time, cancellationToken);
                continue;
            }

            Connections = checked(Connections + 1);
            Log.StreamConnected(_logger, _options.Venue, _options.Account, Connections);
            SetStatus(StreamStatus.CatchingUp);
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var buffer = FollowerBuffer.Create();
            var receiving = ReceiveAsync(socket, buffer.Writer, connection.Token);
            var keepingAlive = KeepAliveAsync(connection);
            var watching = Task.CompletedTask;
            _missingSince.Clear();
            try
            {
                await _synchronizer.BackfillAsync(cancellationToken);
                // The check timer is set before Live is announced, so whoever waits for Live can move time on.
                watching = FollowerBuffer.PostMarkersAsync(buffer.Writer, CheckMarker, SilentCheckInterval, _time, connection.Token);
                SetStatus(StreamStatus.Live);
                Log.StreamLive(_logger, _options.Venue, _options.Account);
                await foreach (var message in buffer.Reader.ReadAllAsync(cancellationToken))
                {
                    if (!await HandleAsync(message, cancellationToken))
                    {
                        break;
                    }
                }
            }
            finally
            {
                await connection.CancelAsync();
                await Task.WhenAll(receiving, keepingAlive, watching); // none throws: each ends quietly when the connection is cancelled
            }

            // The socket ended (server close or a network error): reconnect, which backfills first.
            cancellationToken.ThrowIfCancellationRequested();
            Log.StreamEnded(_logger, _options.Venue, _options.Account, ReconnectDelay);
            await Task.Delay(ReconnectDelay, _time, cancellationToken);
        }
    }

    /// <summary>Handles one buffered message; false when the connection must be replaced (key expired, stream silent).</summary>
    private async Task<bool> HandleAsync(string message, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(message, CheckMarker))
        {
            return !await CheckForSilenceAsync(cancellationToken);
        }

        BinanceUserDataEvent parsed;
        try
        {
            parsed = BinanceUserDataParser.Parse(message);
        }
        catch (FormatException e)
        {
            // One garbled event must not stop the stream: it is kept in the quarantine for an operator, and a
            // fill it may have carried is still found by the REST check.
            Log.UnreadableEvent(_logger, _options.Venue, _options.Account, e.Message);
            await _log.QuarantineRawAsync(_options.Venue, _options.Account, "ws:user-data", message, e.Message, cancellationToken);
            return true;
        }

        switch (parsed)
        {
            case BinanceUserDataEvent.OrderTradeUpdate { Order.IsFill: true } update:
                var fill = update.ToFill(_options.Venue, _options.Account);
                // Stored whatever its symbol: a fill is a fill. The symbol list only steers what the backfill asks for.
                var report = await _log.IngestAsync([new IncomingFill(fill, message)], checkpoints: null, cancellationToken);
                FillIngested?.Invoke(report);
                return true;
            case BinanceUserDataEvent.ListenKeyExpired:
                Interlocked.Increment(ref _keyExpiries);
                Log.ListenKeyExpired(_logger, _options.Venue, _options.Account);
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// Asks REST for the trades after each symbol's complete prefix and compares them with the log. True when a
    /// trade has stayed undelivered for <see cref="SilentGrace"/>: the stream is silent. A failed REST call skips the round.
    /// </summary>
    private async Task<bool> CheckForSilenceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var undelivered = 0;
        try
        {
            var checkpoints = (await TradeCheckpoints.ReadAsync(_log, _options.Venue, _options.Account, cancellationToken))
                .ToDictionary(c => c.Key, c => long.Parse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            foreach (var symbol in _options.Symbols)
            {
                var known = Math.Max(checkpoints.GetValueOrDefault(symbol, -1), _complete.GetValueOrDefault(symbol, -1));
                var page = await _client.GetUserTradesAsync(symbol, known + 1, null, null, SilentCheckLimit, cancellationToken);
                foreach (var key in _missingSince.Keys.Where(k => k.Symbol == symbol && k.Id <= known).ToList())
                {
                    _missingSince.Remove(key);
                }

                if (page.Count == 0)
                {
                    continue;
                }

                var stored = new HashSet<string>(StringComparer.Ordinal);
                var query = new FillQuery(
                    Symbol: symbol,
                    Venue: _options.Venue,
                    Since: DateTimeOffset.FromUnixTimeMilliseconds(page[0].Value.Time),
                    Until: DateTimeOffset.FromUnixTimeMilliseconds(page[^1].Value.Time));
                await foreach (var fill in _log.ReadFillsAsync(query, cancellationToken))
                {
                    if (fill.Fill.Account == _options.Account)
                    {
                        stored.Add(fill.Fill.TradeId);
                    }
                }

                var prefixComplete = true;
                foreach (var row in page)
                {
                    var id = row.Value.Id;
                    if (stored.Contains(id.ToString(CultureInfo.InvariantCulture)))
                    {
                        _missingSince.Remove((symbol, id));
                        if (prefixComplete)
                        {
                            _complete[symbol] = id;
                        }
                    }
                    else
                    {
                        prefixComplete = false;
                        undelivered++;
                        _missingSince.TryAdd((symbol, id), now);
                    }
                }
            }
        }
        catch (BinanceApiException e)
        {
            Log.SilentCheckFailed(_logger, _options.Venue, _options.Account, e);
            return false;
        }
        catch (HttpRequestException e)
        {
            Log.SilentCheckFailed(_logger, _options.Venue, _options.Account, e);
            return false;
        }

        var overdue = _missingSince.Values.Count(since => now - since >= SilentGrace);
        var silent = overdue > 0;
        if (silent)
        {
            Interlocked.Increment(ref _silentDetections);
            Log.StreamSilent(_logger, _options.Venue, _options.Account, overdue, SilentGrace);
        }

        SilentChecked?.Invoke(new SilentCheckResult(undelivered, silent));
        return silent;
    }

    /// <summary>Reads whole text messages into the buffer; completes it when the socket ends (with the error, if any).</summary>
    private static async Task ReceiveAsync(ClientWebSocket socket, ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var chunk = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    await writer.WriteAsync(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), cancellationToken);
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
            // A dropped connection ends this connection like a close does; the reconnect backfills.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Nobody cancelled us: the socket aborted itself (a ping unanswered for PingTimeout): a dead connection, replaced like a drop.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The follower is stopping this connection.
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    /// <summary>Extends the listenKey periodically; when that fails (-1125: the key is gone) it ends the connection, so a new key is made.</summary>
    private async Task KeepAliveAsync(CancellationTokenSource connection)
    {
        if (KeepAliveInterval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var cancellationToken = connection.Token;
        try
        {
            while (true)
            {
                await Task.Delay(KeepAliveInterval, _time, cancellationToken);
                await _client.KeepAliveListenKeyAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection is being closed.
        }
        catch (BinanceApiException e)
        {
            if (e.Code == -1125)
            {
                Interlocked.Increment(ref _keyExpiries);
            }

            Log.KeepAliveFailed(_logger, _options.Venue, _options.Account, e);
            // Handled by reconnecting: the reconnect backfills whatever the old key's stream would have carried.
            await connection.CancelAsync();
        }
    }

    private void SetStatus(StreamStatus status)
    {
        Status = status;
        StatusChanged?.Invoke(status);
    }
}
