namespace Tally.Engine;

/// <summary>What one backfill did for one symbol: pages read and what the fill log made of their rows.</summary>
/// <param name="LastTradeId">The checkpoint after the run; null while the symbol has never traded.</param>
public sealed record SymbolSyncReport(string Symbol, int Pages, int Stored, int AlreadyPresent, int Quarantined, string? LastTradeId);
