using Tally.Core;

namespace Tally.Storage;

/// <summary>One write transaction. Disposing without <see cref="CommitAsync"/> rolls everything back.</summary>
public interface IFillStoreSession : IAsyncDisposable
{
    /// <summary>The stored fills among <paramref name="identities"/>.</summary>
    Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken);

    /// <summary>Appends fills in the given order (their log order), creating venue and account rows as needed.</summary>
    Task InsertFillsAsync(IReadOnlyList<NewFillRow> rows, CancellationToken cancellationToken);

    /// <summary>Records the fold of fills that were stored unprocessed.</summary>
    Task MarkProcessedAsync(IReadOnlyList<(long Seq, PositionAction Action, decimal RealizedPnl)> folded, CancellationToken cancellationToken);

    Task QuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken);

    Task SaveInstrumentsAsync(IReadOnlyList<Instrument> instruments, CancellationToken cancellationToken);

    Task SavePositionsAsync(IReadOnlyList<Position> positions, CancellationToken cancellationToken);

    Task AddCyclesAsync(IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken);

    Task SaveCheckpointsAsync(IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
