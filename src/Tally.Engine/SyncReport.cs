namespace Tally.Engine;

/// <summary>The outcome of one <see cref="TradeSynchronizer.BackfillAsync"/>, per symbol in the configured order.</summary>
public sealed record SyncReport(IReadOnlyList<SymbolSyncReport> Symbols)
{
    public int Stored => Symbols.Sum(s => s.Stored);

    public int AlreadyPresent => Symbols.Sum(s => s.AlreadyPresent);

    public int Quarantined => Symbols.Sum(s => s.Quarantined);

    public int Pages => Symbols.Sum(s => s.Pages);
}
