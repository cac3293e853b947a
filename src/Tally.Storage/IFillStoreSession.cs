using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage;

/// <summary>
/// One write transaction. Disposing without <see cref="CommitAsync"/> rolls everything back. It holds the store's
/// writer lock from the start (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so writers
/// in every process are serialized and nothing another writer commits can appear until it ends.
/// </summary>
public interface IFillStoreSession : IAsyncDisposable
{
    /// <summary>The store's fold version as of this transaction; no other writer can move it until this one ends.</summary>
    Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken);

    /// <summary>Moves the store's fold version on by one (committed with the transaction) and returns the new value.</summary>
    Task<long> BumpFoldVersionAsync(CancellationToken cancellationToken);

    /// <summary>The policy the attribution tables were folded with, as of this transaction.</summary>
    Task<AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken);

    /// <summary>Records the policy the attribution tables are folded with (committed with the transaction).</summary>
    Task SaveAttributionPolicyAsync(AttributionPolicy policy, CancellationToken cancellationToken);

    /// <summary>The stored fills among <paramref name="identities"/>.</summary>
    Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken);

    /// <summary>Appends fills in the given order (their log order), creating venue and account rows as needed.</summary>
    Task InsertFillsAsync(IReadOnlyList<NewFillRow> rows, CancellationToken cancellationToken);

    /// <summary>Stored fills matching <paramref name="query"/>, read inside this transaction.</summary>
    Task<IReadOnlyList<StoredFill>> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken);

    /// <summary>Stored funding payments matching <paramref name="query"/>, read inside this transaction, in log order.</summary>
    Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken);

    /// <summary>The stored funding payments among <paramref name="identities"/>.</summary>
    Task<IReadOnlyDictionary<FundingIdentity, StoredFunding>> FindFundingAsync(IReadOnlyCollection<FundingIdentity> identities, CancellationToken cancellationToken);

    /// <summary>Appends funding payments in the given order (their log order), creating venue and account rows as needed.</summary>
    Task InsertFundingAsync(IReadOnlyList<IncomingFunding> payments, DateTimeOffset ingestedAt, CancellationToken cancellationToken);

    /// <summary>Records what folding did to stored fills: ones stored unprocessed, or ones a re-fold in venue order changed. Marks them processed.</summary>
    Task MarkProcessedAsync(IReadOnlyList<(long Seq, PositionAction Action, decimal RealizedPnl)> folded, CancellationToken cancellationToken);

    Task QuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken);

    /// <summary>Upserts instruments by (venue, symbol); a null venue is stored as '' (every venue without an own definition).</summary>
    Task SaveInstrumentsAsync(IReadOnlyList<InstrumentDefinition> instruments, CancellationToken cancellationToken);

    /// <summary>Upserts positions, each with where its fold stands.</summary>
    Task SavePositionsAsync(IReadOnlyList<(Position Position, FoldMark Mark)> positions, CancellationToken cancellationToken);

    Task AddCyclesAsync(IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken);

    /// <summary>Replaces every closed cycle of <paramref name="key"/> (after a re-fold, which may merge or split cycles).</summary>
    Task ReplaceCyclesAsync(PositionKey key, IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken);

    Task SaveCheckpointsAsync(IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Order intents matching <paramref name="query"/>, read inside this transaction.</summary>
    Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken);

    /// <summary>The stored intents among <paramref name="clientOrderIds"/> (venue, account, client order id).</summary>
    Task<IReadOnlyDictionary<(string Venue, string Account, string ClientOrderId), OrderIntent>> FindIntentsAsync(IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds, CancellationToken cancellationToken);

    /// <summary>Inserts intents; one whose (venue, account, client order id) is stored already fails the transaction.</summary>
    Task InsertIntentsAsync(IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken);

    /// <summary>Sets an intent's status, venue order id (kept when null) and detail; false when no such intent is stored.</summary>
    Task<bool> UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True when a stored fill carries one of <paramref name="clientOrderIds"/> (venue, account, client order id).</summary>
    Task<bool> AnyFillOfOrdersAsync(IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds, CancellationToken cancellationToken);

    /// <summary>Stored signals matching <paramref name="query"/>, read inside this transaction.</summary>
    Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken);

    /// <summary>Inserts a signal with its decision.</summary>
    Task InsertSignalAsync(StoredSignal signal, CancellationToken cancellationToken);

    /// <summary>
    /// Upserts strategy positions (<c>position_contributions</c> is a view of them) and exchange positions. With
    /// <paramref name="replaceAll"/> both tables are emptied first: the rows given are the whole attribution.
    /// </summary>
    Task SaveAttributionAsync(IReadOnlyList<StrategyPosition> positions, IReadOnlyList<ExchangePosition> exchangePositions, bool replaceAll, CancellationToken cancellationToken);

    Task InsertRiskEventsAsync(IReadOnlyList<StoredRiskEvent> events, CancellationToken cancellationToken);

    /// <summary>Upserts the monitor's row; a null status keeps the stored one.</summary>
    Task SaveRiskStateAsync(StoredRiskState state, CancellationToken cancellationToken);

    Task InsertRiskRequestAsync(RiskRequest request, CancellationToken cancellationToken);

    /// <summary>Marks a pending request carried out; false when it was not pending.</summary>
    Task<bool> CompleteRiskRequestAsync(long id, DateTimeOffset at, string outcome, CancellationToken cancellationToken);

    Task InsertOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Sets a row's attempts, next attempt, sent and failed times and last error; false when no such row.</summary>
    Task<bool> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
