using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Notifications;

/// <summary>Wakes the sender when rows were written (several signals before it looks count as one).</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when woken (consuming the signal) or after <paramref name="timeout"/> on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _channel.Reader.WaitToReadAsync(linked.Token).AsTask();
        var delay = Task.Delay(timeout, time, linked.Token);
        await Task.WhenAny(woken, delay);
        await linked.CancelAsync();
        _channel.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// Turns the log's committed changes (<see cref="FillLog.Changes"/>) into outbox rows: every notification once per
/// Telegram chat and once for the webhook, a drained batch of changes in one transaction, then wakes the sender.
/// It subscribes when built, so it sees every change committed after the host starts; the engine never waits on it.
/// </summary>
/// <remarks>
/// The feed is in memory: a change committed but not yet written here when the process dies is not notified (the fill
/// itself is safe in the store). The feed also drops its oldest changes when this writer falls 1024 behind.
/// </remarks>
public sealed class OutboxWriter : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly FillLog _log;
    private readonly NotificationOptions _options;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChannelReader<LogChange> _changes;
    private long _written;

    public OutboxWriter(FillLog log, NotificationOptions options, OutboxSignal signal, TimeProvider time, ILogger<OutboxWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
        _options = options;
        _signal = signal;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _changes = log.Changes.Subscribe();
    }

    /// <summary>Rows written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>The outbox rows for <paramref name="notifications"/>: one per configured chat, one for the webhook, in order.</summary>
    public static IReadOnlyList<OutboxMessage> Rows(IEnumerable<Notification> notifications, NotificationOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(options);
        var rows = new List<OutboxMessage>();
        foreach (var n in notifications)
        {
            foreach (var chat in options.Telegram?.ChatIds ?? [])
            {
                rows.Add(new OutboxMessage(0, now, TelegramChannel.ChannelName, chat.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Kind, n.Text, null, 0, now, null, null, null));
            }

            if (options.Webhook is not null)
            {
                rows.Add(new OutboxMessage(0, now, WebhookChannel.ChannelName, WebhookChannel.ChannelName, n.Kind, n.Text, WebhookChannel.Body(n), 0, now, null, null, null));
            }
        }

        return rows;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _changes.WaitToReadAsync(stoppingToken))
            {
                var notifications = new List<Notification>();
                var taken = 0;
                while (taken < MaxBatch && _changes.TryRead(out var change))
                {
                    notifications.AddRange(NotificationText.For(change));
                    taken++;
                }

                var rows = Rows(notifications, _options, _time.GetUtcNow());
                await WriteAsync(rows, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was drained and not written is lost with the process, as documented.
        }
        finally
        {
            _log.Changes.Unsubscribe(_changes);
        }
    }

    private async Task WriteAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var wait = _options.FirstBackoff;
        while (true)
        {
            try
            {
                await _log.EnqueueOutboxAsync(rows, cancellationToken);
                Interlocked.Add(ref _written, rows.Count);
                _signal.Wake();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.OutboxWriteFailed(_logger, rows.Count, e.Message);
                await Task.Delay(wait, _time, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }
}
