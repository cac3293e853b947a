using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Follows one account's user-data stream — any venue, through its <see cref="IUserDataStream"/> (USD-M:
/// <see cref="FuturesUserDataStream"/>, spot: <see cref="SpotUserDataStream"/>) — and stores every fill it carries.
/// The stream is not a replay log, so on every (re)connect the follower first opens the connection (frames from
/// then on are buffered), then runs the REST back-fill from the checkpoints, and only then declares itself
/// <see cref="StreamStatus.Live"/> and drains the buffer: nothing between the last REST page and the first frame
/// can fall through. Fills seen by both are stored once (same identity, same content).
/// </summary>
/// <remarks>
/// <para>
/// Stream fills never move the sync checkpoint: a frame the stream dropped would otherwise sit behind the
/// checkpoint where no back-fill looks. A dropped frame without a reconnect is found by the silent-stream check:
/// every <see cref="SilentCheckInterval"/> the follower asks REST for the trades after the newest one it has seen
/// complete (a small fromId page per symbol); a trade REST has but the log still lacks after
/// <see cref="SilentGrace"/> means the stream went silent (a connection that is open and answers pings but
/// carries nothing): the follower logs it, reconnects, and the reconnect's back-fill stores what was missed.
/// An optional periodic back-fill (<see cref="SweepInterval"/>) finds the same without reconnecting.
/// </para>
/// <para>
/// A frame that cannot be read is quarantined (source <c>ws:user-data</c>) and the stream goes on. The end of
/// the key or session (an event, or a refused keep-alive) reconnects, with a new key.
/// Checks and sweeps run on the follower's task between two frames, so they never race the stream's ingest.
/// Not thread safe: run one <see cref="RunAsync"/> per account.
/// </para>
/// </remarks>
public sealed class UserDataFollower
{
    /// <summary>The quarantine source of a frame that could not be read.</summary>
    public const string QuarantineSource = "ws:user-data";

    private readonly IUserDataStream _stream;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Per symbol: the last trade id known to be in the log together with every id before it (in memory only).
    private readonly Dictionary<string, long> _complete = new(StringComparer.Ordinal);

    // Trades REST has and the log lacked, with when this follower first saw them missing; reset per connection.
    private readonly Dictionary<(string Symbol, long Id), DateTimeOffset> _missingSince = [];
    private int _connections;
    private int _silentDetections;
    private int _keyExpiries;

    public UserDataFollower(IUserDataStream stream, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger<UserDataFollower>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _stream = stream;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<UserDataFollower>.Instance;
    }

    /// <summary>Pause before reconnecting after the stream ended or could not open.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the silent-stream check asks REST for undelivered trades; infinite turns it off.</summary>
    public TimeSpan SilentCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a trade REST shows may stay undelivered before the stream is declared silent.</summary>
    public TimeSpan SilentGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows per symbol the silent-stream check asks for (1…1000).</summary>
    public int SilentCheckLimit { get; init; } = 50;

    /// <summary>How often a live follower back-fills over REST without reconnecting; infinite (the default) turns it off.</summary>
    public TimeSpan SweepInterval { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Called on every status change (on the follower's task).</summary>
    public Action<StreamStatus>? StatusChanged { get; init; }

    /// <summary>Called after each stream fill is committed (on the follower's task).</summary>
    public Action<IngestReport>? FillIngested { get; init; }

    /// <summary>Called after each silent-stream check (on the follower's task), after the next check's timer is set.</summary>
    public Action<SilentCheckResult>? SilentChecked { get; init; }

    /// <summary>Called after each periodic back-fill while live (on the follower's task).</summary>
    public Action<SyncReport>? Swept { get; init; }

    /// <summary>Called after a frame that could not be read was quarantined (on the follower's task).</summary>
    public Action<string>? Quarantined { get; init; }

    public StreamStatus Status { get; private set; } = StreamStatus.Connecting;

    /// <summary>Connections opened so far (1 + reconnects).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections opened after the first one, whatever the cause.</summary>
    public int Reconnects => Math.Max(0, Connections - 1);

    /// <summary>Times the silent-stream check found trades the stream never delivered and reconnected.</summary>
    public int SilentDetections => Volatile.Read(ref _silentDetections);

    /// <summary>Times the venue ended the key or session (an event, or a keep-alive refused as expired).</summary>
    public int KeyExpiries => Volatile.Read(ref _keyExpiries);

    /// <summary>The status with its counters, in one snapshot.</summary>
    public FollowerHealth Health => new(Status, Connections, Reconnects, SilentDetections, KeyExpiries);

    /// <summary>Follows the stream until cancelled, reconnecting (and back-filling) whenever it ends.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            SetStatus(StreamStatus.Connecting);
            IUserDataConnection connection;
            try
            {
                connection = await _stream.ConnectAsync(cancellationToken);
            }
            catch (WebSocketException e)
            {
                Log.StreamConnectFailed(_logger, _options.Venue, _options.Account, ReconnectDelay, e);
                await Task.Delay(ReconnectDelay, _time, cancellationToken);
                continue;
            }

            await using (connection)
            {
                await FollowAsync(connection, cancellationToken);
            }

            // The connection ended (closed, dropped, silent or expired): reconnect, which back-fills first.
            cancellationToken.ThrowIfCancellationRequested();
            Log.StreamEnded(_logger, _options.Venue, _options.Account, ReconnectDelay);
            await Task.Delay(ReconnectDelay, _time, cancellationToken);
        }
    }

    /// <summary>One connection's life: buffer, back-fill, live until it ends or must be replaced.</summary>
    private async Task FollowAsync(IUserDataConnection connection, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _connections);
        Log.StreamConnected(_logger, _options.Venue, _options.Account, connection.Description, number);
        SetStatus(StreamStatus.CatchingUp);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = FollowerBuffer.Create();
        var receiving = ReceiveAsync(connection, buffer.Writer, linked.Token);
        var keepingAlive = KeepAliveAsync(connection, linked);
        var checking = Task.CompletedTask;
        var sweeping = Task.CompletedTask;
        _missingSince.Clear();
        try
        {
            await _stream.BackfillAsync(cancellationToken);
            // The timers are set before Live is announced, so whoever waits for Live can move time on.
            checking = FollowerBuffer.PostMarkersAsync(buffer.Writer, FollowerMessage.SilentCheckDue.Instance, SilentCheckInterval, _time, linked.Token);
            sweeping = FollowerBuffer.PostMarkersAsync(buffer.Writer, FollowerMessage.SweepDue.Instance, SweepInterval, _time, linked.Token);
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
            await linked.CancelAsync();
            await Task.WhenAll(receiving, keepingAlive, checking, sweeping); // none throws: each ends quietly when the connection is cancelled
        }
    }

    /// <summary>Handles one buffered message; false when the connection must be replaced (key expired, stream silent).</summary>
    private async Task<bool> HandleAsync(FollowerMessage message, CancellationToken cancellationToken) => message switch
    {
        FollowerMessage.Frame frame => await HandleFrameAsync(frame.Text, cancellationToken),
        FollowerMessage.SilentCheckDue => !await CheckForSilenceAsync(cancellationToken),
        FollowerMessage.SweepDue => await SweepAsync(cancellationToken),
        _ => throw new InvalidOperationException($"{message} is not a follower message"), // the set is closed: unreachable
    };

    private async Task<bool> HandleFrameAsync(string text, CancellationToken cancellationToken)
    {
        switch (_stream.Read(text, _options.Venue, _options.Account))
        {
            case UserDataFrame.FillFrame { Fill: var fill }:
                // Stored whatever its symbol: a fill is a fill. The symbol list only steers what the back-fill asks for.
                var report = await _log.IngestAsync([new IncomingFill(fill, text)], checkpoints: null, cancellationToken);
                FillIngested?.Invoke(report);
                return true;
            case UserDataFrame.Unreadable { Problem: var problem }:
                // One garbled frame must not stop the stream: it is kept in the quarantine for an operator, and a
                // fill it may have carried is still found by the REST check.
                Log.UnreadableEvent(_logger, _options.Venue, _options.Account, problem);
                await _log.QuarantineRawAsync(_options.Venue, _options.Account, QuarantineSource, text, problem, cancellationToken);
                Quarantined?.Invoke(problem);
                return true;
            case UserDataFrame.Expired:
                Interlocked.Increment(ref _keyExpiries);
                Log.ListenKeyExpired(_logger, _options.Venue, _options.Account);
                return false;
            case UserDataFrame.Ignored:
                return true;
            default:
                throw new InvalidOperationException($"{text}: not a user-data frame case"); // the set is closed: unreachable
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
                var page = await _stream.TradesFromAsync(symbol, known + 1, SilentCheckLimit, cancellationToken);
                foreach (var key in _missingSince.Keys.Where(k => k.Symbol == symbol && k.Id <= known).ToList())
                {
                    _missingSince.Remove(key);
                }

                if (page.Count == 0)
                {
                    continue;
                }

                var stored = await StoredTradeIdsAsync(symbol, page[0].Time, page[^1].Time, cancellationToken);
                var prefixComplete = true;
                foreach (var trade in page)
                {
                    if (stored.Contains(trade.Id.ToString(CultureInfo.InvariantCulture)))
                    {
                        _missingSince.Remove((symbol, trade.Id));
                        if (prefixComplete)
                        {
                            _complete[symbol] = trade.Id;
                        }
                    }
                    else
                    {
                        prefixComplete = false;
                        undelivered++;
                        _missingSince.TryAdd((symbol, trade.Id), now);
                    }
                }
            }
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
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

    /// <summary>The account's stored trade ids of a symbol between two times (Unix ms, inclusive).</summary>
    private async Task<HashSet<string>> StoredTradeIdsAsync(string symbol, long from, long until, CancellationToken cancellationToken)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var query = new FillQuery(
            Symbol: symbol,
            Venue: _options.Venue,
            Since: DateTimeOffset.FromUnixTimeMilliseconds(from),
            Until: DateTimeOffset.FromUnixTimeMilliseconds(until));
        await foreach (var fill in _log.ReadFillsAsync(query, cancellationToken))
        {
            if (fill.Fill.Account == _options.Account)
            {
                stored.Add(fill.Fill.TradeId);
            }
        }

        return stored;
    }

    /// <summary>The periodic back-fill; a failure is logged and waits for the next one. Never replaces the connection.</summary>
    private async Task<bool> SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await _stream.BackfillAsync(cancellationToken);
            if (report.Stored > 0)
            {
                Log.SweepFoundMissed(_logger, _options.Venue, _options.Account, report.Stored);
            }

            Swept?.Invoke(report);
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            Log.SweepFailed(_logger, _options.Venue, _options.Account, e);
        }

        return true;
    }

    /// <summary>Reads frames into the buffer; completes it when the connection ends (with the error, if unexpected).</summary>
    private static async Task ReceiveAsync(IUserDataConnection connection, ChannelWriter<FollowerMessage> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (await connection.ReceiveAsync(cancellationToken) is { } frame)
            {
                await writer.WriteAsync(new FollowerMessage.Frame(frame), cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // A dropped connection ends this connection like a close does; the reconnect back-fills.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Nobody cancelled us: the socket aborted itself (a ping unanswered): a dead connection, replaced like a drop.
        }
        catch (OperationCanceledException)
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

    /// <summary>Keeps the connection's key alive; when the venue refuses, ends the connection so a new key is made.</summary>
    private async Task KeepAliveAsync(IUserDataConnection connection, CancellationTokenSource linked)
    {
        try
        {
            if (await connection.KeepAliveAsync(linked.Token) is not { } lost)
            {
                return;
            }

            if (lost.Expired)
            {
                Interlocked.Increment(ref _keyExpiries);
            }

            Log.KeepAliveFailed(_logger, _options.Venue, _options.Account, lost.Reason);
            // Handled by reconnecting: the reconnect back-fills whatever the old key's stream would have carried.
            await linked.CancelAsync();
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The connection is being closed.
        }
        catch (HttpRequestException e)
        {
            // The venue could not be reached past the client's retries: the key may lapse unseen, so it is
            // replaced now, as a refusal is.
            Log.KeepAliveFailed(_logger, _options.Venue, _options.Account, e);
            await linked.CancelAsync();
        }
    }

    private void SetStatus(StreamStatus status)
    {
        Status = status;
        StatusChanged?.Invoke(status);
    }
}
