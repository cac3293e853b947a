using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Storage;

namespace Tally.Notifications;

/// <summary>
/// Delivers the outbox: pending rows oldest first, each through its channel, marked sent (or failed for good) in the
/// store; rows left pending by a previous process are sent after a restart the same way. Per target (a chat, the
/// webhook) order is kept: a row waiting for its retry holds the later rows of its target back. Rules:
/// at most one message per <see cref="NotificationOptions.PerChatInterval"/> to one chat; a 429 pauses the whole
/// channel for its <c>retry_after</c>; a transient failure retries after <see cref="Backoff"/> (1 s, 2 s, 4 s … up to
/// the maximum) and is given up after <see cref="NotificationOptions.MaxAttempts"/>; a permanent refusal is given up at once.
/// </summary>
public sealed class OutboxSender(
    FillLog log,
    IEnumerable<INotificationChannel> channels,
    NotificationOptions options,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<OutboxSender>? logger = null) : BackgroundService
{
    private const int Page = 100;
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string Target), DateTimeOffset> _lastSent = [];
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private long _attempts;
    private DateTimeOffset? _waitingUntil;

    /// <summary>Delivery attempts made so far (every channel).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>While idle, when the sender will look again (null while it works); for tests on a fake clock.</summary>
    public DateTimeOffset? WaitingUntil
    {
        get
        {
            lock (_lastSent)
            {
                return _waitingUntil;
            }
        }

        private set
        {
            lock (_lastSent)
            {
                _waitingUntil = value;
            }
        }
    }

    /// <summary>The wait before retry number <paramref name="attempts"/> + 1: first × 2^(attempts − 1), capped.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = first.Ticks * (double)(1L << doublings);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                next = await StepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SenderFailed(_logger, e.Message);
                next = time.GetUtcNow() + options.FirstBackoff;
            }

            var now = time.GetUtcNow();
            if (next <= now)
            {
                continue;
            }

            WaitingUntil = next;
            try
            {
                await signal.WaitAsync(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                WaitingUntil = null;
            }
        }
    }

    /// <summary>One pass over the pending rows; returns when the next pass is due.</summary>
    private async Task<DateTimeOffset> StepAsync(CancellationToken cancellationToken)
    {
        var pending = await log.ReadOutboxAsync(pendingOnly: true, Page, cancellationToken);
        var now = time.GetUtcNow();
        var next = now + options.IdleInterval;
        var held = new HashSet<(string, string)>();
        var sentAny = false;
        foreach (var row in pending)
        {
            var target = (row.Channel, row.Target);
            if (held.Contains(target))
            {
                continue;
            }

            now = time.GetUtcNow();
            var due = Due(row);
            if (due > now)
            {
                held.Add(target);
                next = Min(next, due);
                continue;
            }

            if (!_channels.TryGetValue(row.Channel, out var channel))
            {
                await log.UpdateOutboxAsync(row with { Attempts = row.Attempts + 1, FailedAt = now, LastError = $"no channel {row.Channel} is configured" }, cancellationToken);
                continue;
            }

            Interlocked.Increment(ref _attempts);
            var delivery = await channel.DeliverAsync(row, cancellationToken);
            now = time.GetUtcNow();
            switch (delivery)
            {
                case Delivery.Sent:
                    _lastSent[target] = now;
                    sentAny = true;
                    await log.UpdateOutboxAsync(row with { Attempts = row.Attempts + 1, SentAt = now, LastError = null }, cancellationToken);
                    if (row.Channel == TelegramChannel.ChannelName)
                    {
                        next = Min(next, now + options.PerChatInterval);
                    }

                    break;
                case Delivery.RetryAfter r:
                    var until = now + r.Wait;
                    _pausedUntil[row.Channel] = until;
                    await log.UpdateOutboxAsync(row with { NextAt = until, LastError = r.Error }, cancellationToken);
                    Log.Deferred(_logger, row.Id, row.Channel, row.Target, row.Attempts, until, r.Error);
                    next = Min(next, until);
                    held.Add(target);
                    break;
                case Delivery.Transient t:
                    var attempts = row.Attempts + 1;
                    if (attempts >= options.MaxAttempts)
                    {
                        await log.UpdateOutboxAsync(row with { Attempts = attempts, FailedAt = now, LastError = t.Error }, cancellationToken);
                        Log.GivenUp(_logger, row.Id, row.Channel, row.Target, attempts, t.Error);
                        break;
                    }

                    var retry = now + Backoff(attempts, options.FirstBackoff, options.MaxBackoff);
                    await log.UpdateOutboxAsync(row with { Attempts = attempts, NextAt = retry, LastError = t.Error }, cancellationToken);
                    Log.Deferred(_logger, row.Id, row.Channel, row.Target, attempts, retry, t.Error);
                    next = Min(next, retry);
                    held.Add(target);
                    break;
                case Delivery.Permanent p:
                    await log.UpdateOutboxAsync(row with { Attempts = row.Attempts + 1, FailedAt = now, LastError = p.Error }, cancellationToken);
                    Log.GivenUp(_logger, row.Id, row.Channel, row.Target, row.Attempts + 1, p.Error);
                    break;
            }
        }

        // A full page was read: more may be waiting behind it.
        return pending.Count == Page && sentAny ? time.GetUtcNow() : next;
    }

    /// <summary>When a row may go: its own next attempt, its channel's pause (429), and one chat's spacing.</summary>
    private DateTimeOffset Due(OutboxMessage row)
    {
        var due = row.NextAt;
        if (_pausedUntil.TryGetValue(row.Channel, out var paused) && paused > due)
        {
            due = paused;
        }

        if (row.Channel == TelegramChannel.ChannelName && _lastSent.TryGetValue((row.Channel, row.Target), out var last) && last + options.PerChatInterval > due)
        {
            due = last + options.PerChatInterval;
        }

        return due;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
