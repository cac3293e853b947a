namespace Tally.Storage;

/// <summary>How far synchronization got for one venue/account/symbol and <paramref name="Kind"/>.</summary>
/// <param name="Symbol">The symbol; a checkpoint covering a whole account (one income sweep for every symbol) may use <c>*</c>.</param>
/// <param name="LastTradeId">The last id read: a trade id, or for <see cref="SyncCheckpointKind.Funding"/> the last funding id (tranId).</param>
/// <param name="LastTradeTime">Its time: the last trade time, or the last funding time.</param>
/// <remarks>The key is (venue, account, symbol, kind): a trade and a funding checkpoint for the same symbol live side by side.</remarks>
public sealed record SyncCheckpoint(
    string Venue,
    string Account,
    string Symbol,
    string LastTradeId,
    DateTimeOffset? LastTradeTime,
    DateTimeOffset UpdatedAt,
    SyncCheckpointKind Kind = SyncCheckpointKind.Trades);
