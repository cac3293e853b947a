using Tally.Core;
using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.TestSupport.Storage;

/// <summary>
/// A store that forwards every member of <see cref="IFillStore"/> and of its sessions to a real one, for test doubles
/// that fail on purpose: <see cref="BeforeCall"/> runs before every store call (reads, migrations, new sessions and
/// snapshots), <see cref="CommitAsync"/> is each session's commit. A new store member is added here once, not in
/// every double. Compiled into the test projects that reference Tally.Storage (not part of TestSupport/*.cs).
/// </summary>
internal abstract class ForwardingStore(IFillStore inner) : IFillStore
{
    public string Description => inner.Description;

    /// <summary>Runs before every call that reaches the store; throw to fail it (synchronously, as a dead connection does).</summary>
    protected virtual void BeforeCall()
    {
    }

    /// <summary>A session's commit; without committing, disposing the session rolls the real transaction back.</summary>
    protected virtual Task CommitAsync(IFillStoreSession session, CancellationToken cancellationToken) => session.CommitAsync(cancellationToken);

    public Task<int> MigrateAsync(CancellationToken cancellationToken) => Call(() => inner.MigrateAsync(cancellationToken));

    public async Task<IFillStoreSession> BeginAsync(CancellationToken cancellationToken) =>
        new Session(await Call(() => inner.BeginAsync(cancellationToken)), this);

    public Task<IFillStoreSnapshot> BeginReadAsync(CancellationToken cancellationToken) => Call(() => inner.BeginReadAsync(cancellationToken));

    public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => Call(() => inner.ReadFoldVersionAsync(cancellationToken));

    public Task<Tally.Core.Attribution.AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken) => Call(() => inner.ReadAttributionPolicyAsync(cancellationToken));

    public Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken) => Call(() => inner.ReadInstrumentsAsync(cancellationToken));

    public Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken) => Call(() => inner.ReadPositionsAsync(cancellationToken));

    public IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => Call(() => inner.ReadFillsAsync(query, cancellationToken));

    public Task<long> CountFillsAsync(CancellationToken cancellationToken) => Call(() => inner.CountFillsAsync(cancellationToken));

    public Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken) => Call(() => inner.ReadCyclesAsync(cancellationToken));

    public Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(CancellationToken cancellationToken) => Call(() => inner.ReadQuarantineAsync(cancellationToken));

    public Task<IReadOnlyList<SyncCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken) => Call(() => inner.ReadCheckpointsAsync(cancellationToken));

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(CancellationToken cancellationToken) => Call(() => inner.ReadAuditAsync(cancellationToken));

    public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) => Call(() => inner.ReadFundingAsync(query, cancellationToken));

    public Task<IReadOnlyDictionary<PositionKey, FoldMark>> ReadFoldMarksAsync(CancellationToken cancellationToken) => Call(() => inner.ReadFoldMarksAsync(cancellationToken));

    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) => Call(() => inner.ReadIntentsAsync(query, cancellationToken));

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) => Call(() => inner.ReadSignalsAsync(query, cancellationToken));

    public Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken) => Call(() => inner.ReadStrategyPositionsAsync(query, cancellationToken));

    public Task<IReadOnlyList<Contribution>> ReadContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) => Call(() => inner.ReadContributionsAsync(exchangePositionKey, cancellationToken));

    public Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(CancellationToken cancellationToken) => Call(() => inner.ReadExchangePositionsAsync(cancellationToken));

    public Task<IReadOnlyList<StoredRiskEvent>> ReadRiskEventsAsync(long afterId, CancellationToken cancellationToken) => Call(() => inner.ReadRiskEventsAsync(afterId, cancellationToken));

    public Task<IReadOnlyList<StoredRiskState>> ReadRiskStatesAsync(CancellationToken cancellationToken) => Call(() => inner.ReadRiskStatesAsync(cancellationToken));

    public Task<IReadOnlyList<RiskRequest>> ReadRiskRequestsAsync(bool pendingOnly, CancellationToken cancellationToken) => Call(() => inner.ReadRiskRequestsAsync(pendingOnly, cancellationToken));

    public Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(bool pendingOnly, int limit, CancellationToken cancellationToken) => Call(() => inner.ReadOutboxAsync(pendingOnly, limit, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private T Call<T>(Func<T> call)
    {
        BeforeCall();
        return call();
    }

    private sealed class Session(IFillStoreSession inner, ForwardingStore store) : IFillStoreSession
    {
        public Task CommitAsync(CancellationToken cancellationToken) => store.CommitAsync(inner, cancellationToken);

        public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => inner.ReadFoldVersionAsync(cancellationToken);

        public Task<long> BumpFoldVersionAsync(CancellationToken cancellationToken) => inner.BumpFoldVersionAsync(cancellationToken);

        public Task<Tally.Core.Attribution.AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken) => inner.ReadAttributionPolicyAsync(cancellationToken);

        public Task SaveAttributionPolicyAsync(Tally.Core.Attribution.AttributionPolicy policy, CancellationToken cancellationToken) => inner.SaveAttributionPolicyAsync(policy, cancellationToken);

        public Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken) => inner.FindAsync(identities, cancellationToken);

        public Task InsertFillsAsync(IReadOnlyList<NewFillRow> rows, CancellationToken cancellationToken) => inner.InsertFillsAsync(rows, cancellationToken);

        public Task<IReadOnlyList<StoredFill>> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => inner.ReadFillsAsync(query, cancellationToken);

        public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) => inner.ReadFundingAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<FundingIdentity, StoredFunding>> FindFundingAsync(IReadOnlyCollection<FundingIdentity> identities, CancellationToken cancellationToken) => inner.FindFundingAsync(identities, cancellationToken);

        public Task InsertFundingAsync(IReadOnlyList<IncomingFunding> payments, DateTimeOffset ingestedAt, CancellationToken cancellationToken) => inner.InsertFundingAsync(payments, ingestedAt, cancellationToken);

        public Task MarkProcessedAsync(IReadOnlyList<(long Seq, PositionAction Action, decimal RealizedPnl)> folded, CancellationToken cancellationToken) => inner.MarkProcessedAsync(folded, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken) => inner.QuarantineAsync(entries, cancellationToken);

        public Task SaveInstrumentsAsync(IReadOnlyList<InstrumentDefinition> instruments, CancellationToken cancellationToken) => inner.SaveInstrumentsAsync(instruments, cancellationToken);

        public Task SavePositionsAsync(IReadOnlyList<(Position Position, FoldMark Mark)> positions, CancellationToken cancellationToken) => inner.SavePositionsAsync(positions, cancellationToken);

        public Task AddCyclesAsync(IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken) => inner.AddCyclesAsync(cycles, cancellationToken);

        public Task ReplaceCyclesAsync(PositionKey key, IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken) => inner.ReplaceCyclesAsync(key, cycles, cancellationToken);

        public Task SaveCheckpointsAsync(IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken) => inner.SaveCheckpointsAsync(checkpoints, cancellationToken);

        public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => inner.AuditAsync(entry, cancellationToken);

        public Task InsertRiskEventsAsync(IReadOnlyList<StoredRiskEvent> events, CancellationToken cancellationToken) => inner.InsertRiskEventsAsync(events, cancellationToken);

        public Task SaveRiskStateAsync(StoredRiskState state, CancellationToken cancellationToken) => inner.SaveRiskStateAsync(state, cancellationToken);

        public Task InsertOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => inner.InsertOutboxAsync(messages, cancellationToken);

        public Task<bool> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.UpdateOutboxAsync(message, cancellationToken);

        public Task InsertRiskRequestAsync(RiskRequest request, CancellationToken cancellationToken) => inner.InsertRiskRequestAsync(request, cancellationToken);

        public Task<bool> CompleteRiskRequestAsync(long id, DateTimeOffset at, string outcome, CancellationToken cancellationToken) => inner.CompleteRiskRequestAsync(id, at, outcome, cancellationToken);

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
}
