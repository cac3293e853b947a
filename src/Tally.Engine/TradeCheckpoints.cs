using Tally.Storage;

namespace Tally.Engine;

/// <summary>One account's trade checkpoints (not its funding ones), by symbol: where each symbol's back-fill resumes.</summary>
internal static class TradeCheckpoints
{
    public static async Task<Dictionary<string, string>> ReadAsync(FillLog log, string venue, string account, CancellationToken cancellationToken) =>
        (await log.ReadCheckpointsAsync(cancellationToken))
            .Where(c => c.Kind == SyncCheckpointKind.Trades && c.Venue == venue && c.Account == account)
            .ToDictionary(c => c.Symbol, c => c.LastTradeId, StringComparer.Ordinal);
}
