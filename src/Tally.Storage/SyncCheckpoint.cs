namespace Tally.Storage;

/// <summary>How far synchronization got for one venue/account/symbol.</summary>
public sealed record SyncCheckpoint(string Venue, string Account, string Symbol, string LastTradeId, DateTimeOffset? LastTradeTime, DateTimeOffset UpdatedAt);
