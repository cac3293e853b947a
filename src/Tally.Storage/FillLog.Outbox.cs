using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>The notification outbox (migration 7): messages written durably before a sender delivers them.</summary>
public sealed partial class FillLog
{
    /// <summary>
    /// Set by notifications (<c>tally run</c>): the outbox rows a change gives, written inside the change's own
    /// transaction (fills ingested, risk events journalled) so no committed fill or risk event goes without its
    /// messages, whatever happens to the process after the commit. Called under the writer lock: keep it quick, and it
    /// must not throw (a throw fails the write). Null (the default): nothing is written to the outbox.
    /// </summary>
    public Func<LogChange, IReadOnlyList<OutboxMessage>>? OutboxRows { get; set; }

    /// <summary>Writes messages to the outbox in one transaction (nothing is published on <see cref="Changes"/>).</summary>
    public Task EnqueueOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await session.InsertOutboxAsync(messages, ct);
                await session.CommitAsync(ct);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Saves what came of a delivery attempt (attempts, next attempt, sent or failed, last error); false when no such row.</summary>
    public Task<bool> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                var updated = await session.UpdateOutboxAsync(message, ct);
                await session.CommitAsync(ct);
                return updated;
            },
            cancellationToken);
    }

    /// <summary>Outbox rows oldest first: only pending ones (neither sent nor failed) when <paramref name="pendingOnly"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(bool pendingOnly, int limit, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadOutboxAsync(pendingOnly, limit, ct), cancellationToken);

    private async Task WriteOutboxAsync(IFillStoreSession session, LogChange change, CancellationToken cancellationToken)
    {
        if (OutboxRows?.Invoke(change) is { Count: > 0 } rows)
        {
            await session.InsertOutboxAsync(rows, cancellationToken);
        }
    }
}
