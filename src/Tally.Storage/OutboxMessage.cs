namespace Tally.Storage;

/// <summary>
/// One row of <c>notification_outbox</c> (migration 7): a message for one <paramref name="Channel"/> (<c>telegram</c>,
/// <c>webhook</c>) and <paramref name="Target"/> (a chat id; the webhook's name), written before anything is sent. The
/// sender delivers rows whose <paramref name="NextAt"/> has come, oldest first, and sets <paramref name="SentAt"/>, or
/// <paramref name="FailedAt"/> when the channel refuses it for good; <paramref name="Id"/> is 0 before it is stored.
/// </summary>
/// <param name="Payload">The webhook's JSON body; null for Telegram (the text is the message).</param>
public sealed record OutboxMessage(
    long Id,
    DateTimeOffset CreatedAt,
    string Channel,
    string Target,
    string Kind,
    string Text,
    string? Payload,
    int Attempts,
    DateTimeOffset NextAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? FailedAt,
    string? LastError)
{
    /// <summary>Neither sent nor failed for good.</summary>
    public bool IsPending => SentAt is null && FailedAt is null;
}
