using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// The durable fill log's port. Adapters (SQLite, PostgreSQL) keep the same schema and give the same
/// answers; the contract test suite runs against each. Writes happen only inside a
/// <see cref="IFillStoreSession"/>, which is one database transaction.
/// </summary>
public interface IFillStore : IFillStoreReader, IAsyncDisposable
{
    /// <summary>Where the store is, safe to print (never a password).</summary>
    string Description { get; }

    /// <summary>Applies pending schema migrations; returns the schema version now in force.</summary>
    /// <exception cref="SchemaException">The database's schema is newer than this build knows.</exception>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a read transaction: every read through it sees the store as of one moment, whatever writers commit
    /// meanwhile (SQLite: a WAL read snapshot; PostgreSQL: REPEATABLE READ).
    /// </summary>
    Task<IFillStoreSnapshot> BeginReadAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction. Nothing it writes is visible or durable until <see cref="IFillStoreSession.CommitAsync"/>.</summary>
    Task<IFillStoreSession> BeginAsync(CancellationToken cancellationToken);

    Task<long> CountFillsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(CancellationToken cancellationToken);

    /// <summary>Where each saved position's fold stands (saved with it); keys without a saved position are absent.</summary>
    Task<IReadOnlyDictionary<PositionKey, FoldMark>> ReadFoldMarksAsync(CancellationToken cancellationToken);

    /// <summary>Rows of <c>risk_events</c> with an id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredRiskEvent>> ReadRiskEventsAsync(long afterId, CancellationToken cancellationToken);

    /// <summary>Rows of <c>risk_state</c>.</summary>
    Task<IReadOnlyList<StoredRiskState>> ReadRiskStatesAsync(CancellationToken cancellationToken);

    /// <summary>Rows of <c>risk_requests</c> (only those not carried out yet when <paramref name="pendingOnly"/>), oldest first.</summary>
    Task<IReadOnlyList<RiskRequest>> ReadRiskRequestsAsync(bool pendingOnly, CancellationToken cancellationToken);

    /// <summary>Rows of <c>notification_outbox</c> (only pending ones when <paramref name="pendingOnly"/>), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(bool pendingOnly, int limit, CancellationToken cancellationToken);
}
