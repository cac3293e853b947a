using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage;

/// <summary>The reads a fold and a verification need; a store answers them as of each call, a <see cref="IFillStoreSnapshot"/> as of one moment.</summary>
public interface IFillStoreReader
{
    /// <summary>The store's fold version: moved on by every writer's commit (see <see cref="IFillStoreSession.BumpFoldVersionAsync"/>).</summary>
    Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken);

    /// <summary>The policy the attribution tables were folded with (schema 8; fifo on a store from before).</summary>
    Task<AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken);

    /// <summary>Every stored instrument with the venue it is defined for (null: every venue without an own definition).</summary>
    Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken);

    /// <summary>Funding payments matching <paramref name="query"/>, in log order.</summary>
    Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken);

    /// <summary>Order intents matching <paramref name="query"/>, in the order saved.</summary>
    Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken);

    /// <summary>Stored signals matching <paramref name="query"/>, oldest first (in the order stored).</summary>
    Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken);

    /// <summary>Rows of <c>strategy_positions</c> matching <paramref name="query"/>, by entry time (then key, cycle and sequence).</summary>
    Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken);

    /// <summary>Rows of <c>position_contributions</c>, of one exchange position key or all, by key, cycle and sequence.</summary>
    Task<IReadOnlyList<Contribution>> ReadContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken);

    /// <summary>Rows of <c>exchange_positions</c>, by venue, account and key.</summary>
    Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(CancellationToken cancellationToken);
}

/// <summary>One read transaction: every read sees the same committed state. Disposing ends it.</summary>
public interface IFillStoreSnapshot : IFillStoreReader, IAsyncDisposable;
