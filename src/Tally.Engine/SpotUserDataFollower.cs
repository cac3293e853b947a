using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Follows a Binance spot account's user-data subscription on the WebSocket API (binance-wire.md §8) and stores
/// every executionReport fill. As <see cref="UserDataStreamFollower"/> does for futures, every (re)connect first
/// subscribes (events from then on are buffered), then back-fills from the checkpoint over REST, and only then is
/// <see cref="StreamStatus.Live"/> and drains the buffer, so nothing between the last REST page and the first event
/// falls through. A fill seen by both is stored once.
/// </summary>
/// <remarks>
/// Stream fills never move the checkpoint, so an event the subscription dropped stays after it, where the next
/// back-fill looks: on every reconnect, on <c>eventStreamTerminated</c>, and every <see cref="SweepInterval"/>
/// while live (run on the follower's task between two events, so it never races the stream's ingest).
/// Not thread safe: one <see cref="RunAsync"/> per account.
/// </remarks>
public sealed class SpotUserDataFollower
{
    // Posted into the buffer by the sweep timer; never a valid frame (those are JSON objects).
    private const string SweepMarker = "\0sweep";

    private readonly BinanceSpotClient _client;
    private readonly SpotTradeSynchronizer _synchronizer;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly Uri _webSocketApi;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="webSocketApi">The WebSocket API URL, e.g. wss://ws-api.binance.com:443/ws-api/v3.</param>
    public SpotUserDataFollower(BinanceSpotClient client, SpotTradeSynchronizer synchronizer, FillLog log, TradeSyncOptions options, Uri webSocketApi, TimeProvider time, ILogger<SpotUserDataFollower>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(webSocketApi);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _client = client;
        _synchronizer = synchronizer;
        _log = log;
        _options = options;
        _webSocketApi = webSocketApi;
        _time = time;
        _logger = logger ?? NullLogger<SpotUserDataFollower>.Instance;
    }

    /// <summary>Pause before reconnecting after the subscription ended or could not open.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a live follower back-fills over REST to find events the subscription dropped; infinite turns it off.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Called on every status change (on the follower's task).</summary>
    public Action<StreamStatus>? StatusChanged { get; init; }

    /// <summary>Called after each stream fill is committed (on the follower's task).</summary>
    public Action<IngestReport>? FillIngested { get; init; }

    /// <summary>Called after each periodic back-fill while live (on the follower's task).</summary>
    public Action<SyncReport>? Swept { get; init; }

    public StreamStatus Status { get; private set; } = StreamStatus.Connecting;

    /// <summary>Subscriptions opened so far (1 + reconnects).</summary>
    public int Connections { get; private set; }

    public int Reconnects => Math.Max(0, Connections - 1);

    /// <summary>Follows the subscription until cancelled, reconnecting (and back-filling) whenever it ends.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            SetStatus(StreamStatus.Connecting);
            BinanceSpotUserDataSubscription subscription;
            try
            {
                subscription = await _client.SubscribeUserDataAsync(_webSocketApi, cancellationToken);
            }
            catch (WebSocketException e)
            {
                SpotLog.SubscribeFailed(_logger, _options.Venue, _options.Account, ReconnectDelay, e);
                await Task.Delay(ReconnectDelay, _time, cancellationToken);
                continue;
            }

            await using (subscription)
            {
                Connections = checked(Connections + 1);
                SpotLog.Subscribed(_logger, _options.Venue, _options.Account, subscription.SubscriptionId, Connections);
                SetStatus(StreamStatus.CatchingUp);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var buffer = FollowerBuffer.Create();
                var receiving = ReceiveAsync(subscription, buffer.Writer, connection.Token);
                var sweeping = Task.CompletedTask;
                try
                {
                    await _synchronizer.BackfillAsync(cancellationToken);
                    // The sweep timer is set before Live is announced, so whoever waits for Live can move time on.
                    sweeping = FollowerBuffer.PostMarkersAsync(buffer.Writer, SweepMarker, SweepInterval, _time, connection.Token);
                    SetStatus(StreamStatus.Live);
                    SpotLog.Live(_logger, _options.Venue, _options.Account);
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
                    await Task.WhenAll(receiving, sweeping); // neither throws: each ends quietly when the connection is cancelled
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            SpotLog.Ended(_logger, _options.Venue, _options.Account, ReconnectDelay);
            await Task.Delay(ReconnectDelay, _time, cancellationToken);
        }
    }

    /// <summary>Handles one buffered frame; false when the subscription must be replaced.</summary>
    private async Task<bool> HandleAsync(string message, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(message, SweepMarker))
        {
            await SweepAsync(cancellationToken);
            return true;
        }

        switch (BinanceUserDataParser.Parse(message))
        {
            case BinanceUserDataEvent.ExecutionReport { IsFill: true } report:
                var fill = report.ToFill(_options.Venue, _options.Account);
                var ingested = await _log.IngestAsync([new IncomingFill(fill, message)], checkpoints: null, cancellationToken);
                FillIngested?.Invoke(ingested);
                return true;
            case BinanceUserDataEvent.EventStreamTerminated:
                return false;
            default:
                return true;
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await _synchronizer.BackfillAsync(cancellationToken);
            if (report.Stored > 0)
            {
                SpotLog.SweepFoundMissed(_logger, _options.Venue, _options.Account, report.Stored);
            }

            Swept?.Invoke(report);
        }
        catch (BinanceApiException e)
        {
            SpotLog.SweepFailed(_logger, _options.Venue, _options.Account, e);
        }
        catch (HttpRequestException e)
        {
            SpotLog.SweepFailed(_logger, _options.Venue, _options.Account, e);
        }
    }

    /// <summary>Reads frames into the buffer; completes it when the socket ends (with the error, if unexpected).</summary>
    private static async Task ReceiveAsync(BinanceSpotUserDataSubscription subscription, ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (await subscription.ReceiveAsync(cancellationToken) is { } frame)
            {
                await writer.WriteAsync(frame, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // A dropped connection ends it like a close does; the reconnect back-fills.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Nobody cancelled us: the socket aborted itself (e.g. a ping left unanswered), a dead connection
            // replaced like a drop, as the futures follower does.
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

    private void SetStatus(StreamStatus status)
    {
        Status = status;
        StatusChanged?.Invoke(status);
    }
}
