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
/// (<see cref="TradeSynchronizer.SweepAsync"/>). Not thread safe: run one <see cref="RunAsync"/> per account.
/// </remarks>
public sealed class UserDataStreamFollower
{
    // A few minutes of Binance's ≤10 events/s; full means the ingest is far behind, and the socket reader waits
    // (Binance then drops the connection, and the reconnect's backfill recovers what was missed).
    private const int BufferCapacity = 4096;

    private readonly BinanceFuturesClient _client;
    private readonly TradeSynchronizer _synchronizer;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly Uri _streamBase;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

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

    /// <summary>Called on every status change (on the follower's task).</summary>
    public Action<StreamStatus>? StatusChanged { get; init; }

    /// <summary>Called after each stream fill is committed (on the follower's task).</summary>
    public Action<IngestReport>? FillIngested { get; init; }

    public StreamStatus Status { get; private set; } = StreamStatus.Connecting;

    /// <summary>Connections opened so far (1 + reconnects).</summary>
    public int Connections { get; private set; }

    /// <summary>Follows the stream until cancelled, reconnecting (and backfilling) whenever it ends.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            SetStatus(StreamStatus.Connecting);
            var listenKey = await _client.CreateListenKeyAsync(cancellationToken);
            using var socket = new ClientWebSocket();
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
            var buffer = Channel.CreateBounded<string>(new BoundedChannelOptions(BufferCapacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var receiving = ReceiveAsync(socket, buffer.Writer, connection.Token);
            var keepingAlive = KeepAliveAsync(connection);
            try
            {
                await _synchronizer.BackfillAsync(cancellationToken);
                SetStatus(StreamStatus.Live);
                Log.StreamLive(_logger, _options.Venue, _options.Account);
                await foreach (var message in buffer.Reader.ReadAllAsync(cancellationToken))
                {
                    await HandleAsync(message, cancellationToken);
                }
            }
            finally
            {
                await connection.CancelAsync();
                await Task.WhenAll(receiving, keepingAlive); // neither throws: both end quietly when the connection is cancelled
            }

            // The socket ended (server close or a network error): reconnect, which backfills first.
            cancellationToken.ThrowIfCancellationRequested();
            Log.StreamEnded(_logger, _options.Venue, _options.Account, ReconnectDelay);
            await Task.Delay(ReconnectDelay, _time, cancellationToken);
        }
    }

    private async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        if (BinanceUserDataParser.Parse(message) is BinanceUserDataEvent.OrderTradeUpdate { Order.IsFill: true } update)
        {
            var fill = update.ToFill(_options.Venue, _options.Account);
            // Stored whatever its symbol: a fill is a fill. The symbol list only steers what the backfill asks for.
            var report = await _log.IngestAsync([new IncomingFill(fill, message)], checkpoints: null, cancellationToken);
            FillIngested?.Invoke(report);
        }
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
