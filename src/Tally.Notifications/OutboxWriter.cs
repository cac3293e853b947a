using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
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
/// Puts notifications in the outbox: it sets <see cref="FillLog.OutboxRows"/>, so the messages for a batch of fills or
/// of risk events are written in the same transaction as they are (every notification once per Telegram chat and once
/// for the webhook): a committed fill never goes without its messages, even if the process dies right after the commit.
/// It then follows the log's change feed only to wake the sender after those commits. The engine never waits on
/// delivery; writing the rows costs the writer a few formatted strings and inserts per batch.
/// </summary>
/// <remarks>
/// Fills and risk events older than <see cref="NotificationOptions.MaxAge"/> when committed (a back-fill of history at
/// the first start, or after a long outage) are not notified.
/// </remarks>
public sealed class OutboxWriter : BackgroundService
{
    private readonly FillLog _log;
    private readonly OutboxSignal _signal;
    private readonly ChannelReader<LogChange> _changes;
    private long _written;

    public OutboxWriter(FillLog log, NotificationOptions options, OutboxSignal signal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _log = log;
        _signal = signal;
        _changes = log.Changes.Subscribe();
        log.OutboxRows = change =>
        {
            var rows = Rows(NotificationText.For(change), options, time.GetUtcNow());
            Interlocked.Add(ref _written, rows.Count);
            return rows;
        };
    }

    /// <summary>Rows handed to the log so far (written with their transaction, unless it failed).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>
    /// The outbox rows for <paramref name="notifications"/>: one per configured chat, one for the webhook, in order;
    /// none for a notification older than <see cref="NotificationOptions.MaxAge"/> at <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> Rows(IEnumerable<Notification> notifications, NotificationOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(options);
        var rows = new List<OutboxMessage>();
        foreach (var n in notifications)
        {
            if (options.MaxAge is { } age && n.At < now - age)
            {
                continue;
            }

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
                var wake = false;
                while (_changes.TryRead(out var change))
                {
                    wake |= change is FillsCommitted or RiskJournalled;
                }

                if (wake)
                {
                    _signal.Wake();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the hook stays: rows written from now on are sent by the next start.
        }
        finally
        {
            _log.Changes.Unsubscribe(_changes);
        }
    }
}
