using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Service;

/// <summary>
/// "Every symbol the account has traded": Binance has no all-symbols trade list (binance-wire.md §5.1), so the
/// set is gathered from what is already known — symbols with a sync checkpoint or a stored fill for the
/// account (a stream fill of a new symbol lands here too) — and from the venue's positionRisk (any book with
/// a position). A symbol once found stays: trades, once made, stay in the history.
/// </summary>
public static class TradedSymbols
{
    /// <summary>The symbols, sorted ordinally so a re-discovery that finds nothing new compares equal.</summary>
    public static async Task<IReadOnlyList<string>> DiscoverAsync(BinanceFuturesClient client, FillLog log, string venue, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var checkpoint in await log.Store.ReadCheckpointsAsync(cancellationToken))
        {
            if (checkpoint.Venue == venue && checkpoint.Account == account)
            {
                found.Add(checkpoint.Symbol);
            }
        }

        foreach (var (key, _) in await log.Store.ReadPositionsAsync(cancellationToken))
        {
            if (key.Venue == venue && key.Account == account)
            {
                found.Add(key.Symbol);
            }
        }

        foreach (var risk in await client.GetPositionRiskAsync(symbol: null, cancellationToken))
        {
            if (risk.PositionAmount != 0)
            {
                found.Add(risk.Symbol);
            }
        }

        return [.. found];
    }
}
