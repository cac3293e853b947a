using System.Data.Common;
using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>One read transaction against a <see cref="SqlFillStore"/>: every read sees the same committed state.</summary>
internal sealed class SqlSnapshot(SqlFillStore store, DbConnection connection, DbTransaction transaction) : IFillStoreSnapshot
{
    private Pinned On => new(connection, transaction);

    public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => store.ReadFoldVersionAsync(On, cancellationToken);

    public Task<AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken) => store.ReadAttributionPolicyAsync(On, cancellationToken);

    public Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken) => store.ReadInstrumentsAsync(On, cancellationToken);

    public Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken) => store.ReadPositionsAsync(On, cancellationToken);

    public IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => store.ReadFillsAsync(On, query, cancellationToken);

    public Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken) => store.ReadCyclesAsync(On, cancellationToken);

    public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) =>
        store.ReadFundingAsync(connection, transaction, query, cancellationToken);

    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) => store.ReadIntentsAsync(On, query, cancellationToken);

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) => store.ReadSignalsAsync(On, query, cancellationToken);

    public Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken) =>
        store.ReadStrategyPositionsAsync(On, query, cancellationToken);

    public Task<IReadOnlyList<Contribution>> ReadContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) =>
        store.ReadContributionsAsync(On, exchangePositionKey, cancellationToken);

    public Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(CancellationToken cancellationToken) => store.ReadExchangePositionsAsync(On, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await store.ReleaseAsync(connection);
    }
}
