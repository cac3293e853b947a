using Tally.Storage;

namespace Tally.Notifications;

/// <summary>What came of one delivery attempt.</summary>
public abstract record Delivery
{
    /// <summary>Delivered: the row is marked sent.</summary>
    public sealed record Sent : Delivery;

    /// <summary>Rate limited (Telegram's 429 with retry_after, or a webhook's Retry-After): try again after <paramref name="Wait"/>, not counted as a failure.</summary>
    public sealed record RetryAfter(TimeSpan Wait, string Error) : Delivery;

    /// <summary>A failure worth retrying (network, timeout, 5xx): backoff, and given up after the maximum attempts.</summary>
    public sealed record Transient(string Error) : Delivery;

    /// <summary>Refused for good (a 4xx other than 429: bad chat, bot blocked): the row is marked failed at once.</summary>
    public sealed record Permanent(string Error) : Delivery;
}

/// <summary>One way out (<c>telegram</c>, <c>webhook</c>): delivers an outbox row.</summary>
public interface INotificationChannel
{
    /// <summary>The <c>channel</c> value of the rows this channel delivers.</summary>
    string Name { get; }

    Task<Delivery> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
