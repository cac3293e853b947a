using Tally.Core;

namespace Tally.Storage;

/// <summary>The reads a fold and a verification need; a store answers them as of each call, a <see cref="IFillStoreSnapshot"/> as of one moment.</summary>
public interface IFillStoreReader
{
    /// <summary>The store's fold version: moved on by every writer's commit (see <see cref="IFillStoreSession.BumpFoldVersionAsync"/>).</summary>
    Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken);

    /// <summary>Every stored instrument with the venue it is defined for (null: every venue without an own definition).</summary>
    Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken);

    /// <summary>Funding payments matching <paramref name="query"/>, in log order.</summary>
    Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken);
}

/// <summary>One read transaction: every read sees the same committed state. Disposing ends it.</summary>
public interface IFillStoreSnapshot : IFillStoreReader, IAsyncDisposable;
