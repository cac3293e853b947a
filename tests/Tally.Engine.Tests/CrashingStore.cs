using Tally.Core;
using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// A store that "dies" at its n-th commit: the transaction is rolled back and an IOException thrown, which is
/// what a process killed mid-batch leaves on disk (everything up to the last commit, nothing of the batch).
/// </summary>
internal sealed class CrashingStore(IFillStore inner, int crashAtCommit) : IFillStore
{
    private int _commits;

    public string Description => inner.Description;

    public Task<int> MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public async Task<IFillStoreSession> BeginAsync(CancellationToken cancellationToken) =>
        new Session(await inner.BeginAsync(cancellationToken), this);

    public Task<IFillStoreSnapshot> BeginReadAsync(CancellationToken cancellationToken) => inner.BeginReadAsync(cancellationToken);

    public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => inner.ReadFoldVersionAsync(cancellationToken);

    public Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken) => inner.ReadInstrumentsAsync(cancellationToken);

    public Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken) => inner.ReadPositionsAsync(cancellationToken);

    public IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => inner.ReadFillsAsync(query, cancellationToken);

    public Task<long> CountFillsAsync(CancellationToken cancellationToken) => inner.CountFillsAsync(cancellationToken);

    public Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken) => inner.ReadCyclesAsync(cancellationToken);

    public Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(CancellationToken cancellationToken) => inner.ReadQuarantineAsync(cancellationToken);

    public Task<IReadOnlyList<SyncCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken) => inner.ReadCheckpointsAsync(cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(CancellationToken cancellationToken) => inner.ReadAuditAsync(cancellationToken);

    public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) => inner.ReadFundingAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<PositionKey, FoldMark>> ReadFoldMarksAsync(CancellationToken cancellationToken) => inner.ReadFoldMarksAsync(cancellationToken);

    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) => inner.ReadIntentsAsync(query, cancellationToken);

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) => inner.ReadSignalsAsync(query, cancellationToken);

    public Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken) => inner.ReadStrategyPositionsAsync(query, cancellationToken);

    public Task<IReadOnlyList<Contribution>> ReadContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) => inner.ReadContributionsAsync(exchangePositionKey, cancellationToken);

    public Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(CancellationToken cancellationToken) => inner.ReadExchangePositionsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredRiskEvent>> ReadRiskEventsAsync(long afterId, CancellationToken cancellationToken) => inner.ReadRiskEventsAsync(afterId, cancellationToken);

    public Task<IReadOnlyList<StoredRiskState>> ReadRiskStatesAsync(CancellationToken cancellationToken) => inner.ReadRiskStatesAsync(cancellationToken);

    public Task<IReadOnlyList<RiskRequest>> ReadRiskRequestsAsync(bool pendingOnly, CancellationToken cancellationToken) => inner.ReadRiskRequestsAsync(pendingOnly, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(bool pendingOnly, int limit, CancellationToken cancellationToken) => inner.ReadOutboxAsync(pendingOnly, limit, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class Session(IFillStoreSession inner, CrashingStore store) : IFillStoreSession
    {
        public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => inner.ReadFoldVersionAsync(cancellationToken);

        public Task<long> BumpFoldVersionAsync(CancellationToken cancellationToken) => inner.BumpFoldVersionAsync(cancellationToken);

        public Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken) => inner.FindAsync(identities, cancellationToken);

        public Task InsertFillsAsync(IReadOnlyList<NewFillRow> rows, CancellationToken cancellationToken) => inner.InsertFillsAsync(rows, cancellationToken);

        public Task<IReadOnlyList<StoredFill>> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => inner.ReadFillsAsync(query, cancellationToken);

        public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) => inner.ReadFundingAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<FundingIdentity, StoredFunding>> FindFundingAsync(IReadOnlyCollection<FundingIdentity> identities, CancellationToken cancellationToken) => inner.FindFundingAsync(identities, cancellationToken);

        public Task InsertFundingAsync(IReadOnlyList<IncomingFunding> payments, DateTimeOffset ingestedAt, CancellationToken cancellationToken) => inner.InsertFundingAsync(payments, ingestedAt, cancellationToken);

        public Task ReplaceCyclesAsync(PositionKey key, IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken) => inner.ReplaceCyclesAsync(key, cycles, cancellationToken);

        public Task MarkProcessedAsync(IReadOnlyList<(long Seq, PositionAction Action, decimal RealizedPnl)> folded, CancellationToken cancellationToken) => inner.MarkProcessedAsync(folded, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken) => inner.QuarantineAsync(entries, cancellationToken);

        public Task SaveInstrumentsAsync(IReadOnlyList<InstrumentDefinition> instruments, CancellationToken cancellationToken) => inner.SaveInstrumentsAsync(instruments, cancellationToken);

        public Task SavePositionsAsync(IReadOnlyList<(Position Position, FoldMark Mark)> positions, CancellationToken cancellationToken) => inner.SavePositionsAsync(positions, cancellationToken);

        public Task AddCyclesAsync(IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken) => inner.AddCyclesAsync(cycles, cancellationToken);

        public Task SaveCheckpointsAsync(IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken) => inner.SaveCheckpointsAsync(checkpoints, cancellationToken);

        public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => inner.AuditAsync(entry, cancellationToken);

        public Task InsertRiskEventsAsync(IReadOnlyList<StoredRiskEvent> events, CancellationToken cancellationToken) => inner.InsertRiskEventsAsync(events, cancellationToken);

        public Task SaveRiskStateAsync(StoredRiskState state, CancellationToken cancellationToken) => inner.SaveRiskStateAsync(state, cancellationToken);

        public Task InsertRiskRequestAsync(RiskRequest request, CancellationToken cancellationToken) => inner.InsertRiskRequestAsync(request, cancellationToken);

        public Task<bool> CompleteRiskRequestAsync(long id, DateTimeOffset at, string outcome, CancellationToken cancellationToken) => inner.CompleteRiskRequestAsync(id, at, outcome, cancellationToken);

        public Task InsertOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => inner.InsertOutboxAsync(messages, cancellationToken);

        public Task<bool> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.UpdateOutboxAsync(message, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref store._commits) == store.CrashAt)
            {
                throw new IOException("simulated crash before commit");
            }

            return inner.CommitAsync(cancellationToken);
        }

        public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) => inner.ReadIntentsAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<(string Venue, string Account, string ClientOrderId), OrderIntent>> FindIntentsAsync(IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds, CancellationToken cancellationToken) =>
            inner.FindIntentsAsync(clientOrderIds, cancellationToken);

        public Task InsertIntentsAsync(IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) => inner.InsertIntentsAsync(intents, cancellationToken);

        public Task<bool> UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, at, cancellationToken);

        public Task<bool> AnyFillOfOrdersAsync(IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds, CancellationToken cancellationToken) =>
            inner.AnyFillOfOrdersAsync(clientOrderIds, cancellationToken);

        public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) => inner.ReadSignalsAsync(query, cancellationToken);

        public Task InsertSignalAsync(StoredSignal signal, CancellationToken cancellationToken) => inner.InsertSignalAsync(signal, cancellationToken);

        public Task SaveAttributionAsync(IReadOnlyList<StrategyPosition> positions, IReadOnlyList<ExchangePosition> exchangePositions, bool replaceAll, CancellationToken cancellationToken) =>
            inner.SaveAttributionAsync(positions, exchangePositions, replaceAll, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private int CrashAt => crashAtCommit;
}
