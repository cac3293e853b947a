using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Service;

/// <summary>
/// "Every symbol the account has traded": Binance has no all-symbols trade list (binance-wire.md §5.1), so the
/// set is gathered from what is known — symbols with a sync checkpoint or a stored fill for the account (a
/// stream fill of a new symbol lands here too), the venue's positionRisk (any book with a position), and the
/// account's income history (every fill leaves COMMISSION or REALIZED_PNL rows, funding FUNDING_FEE rows), read
/// once from the start time and afterwards only from where the last discovery stopped. A symbol once found
/// stays: trades, once made, stay in the history.
/// </summary>
/// <remarks>Not thread safe: one instance per account runner.</remarks>
public sealed class TradedSymbols
{
    // Binance answers income for at most 7 days at a time; 1,000 rows per page at most.
    private static readonly TimeSpan IncomeWindow = TimeSpan.FromDays(7);
    private const int IncomePage = 1000;

    // Rows may be booked a little after their time: each later discovery reads this far back again.
    private static readonly TimeSpan IncomeOverlap = TimeSpan.FromMinutes(5);

    private readonly BinanceFuturesClient _client;
    private readonly FillLog _log;
    private readonly string _venue;
    private readonly string _account;
    private readonly TimeProvider _time;
    private readonly SortedSet<string> _fromIncome = new(StringComparer.Ordinal);
    private DateTimeOffset _incomeFrom;

    public TradedSymbols(BinanceFuturesClient client, FillLog log, string venue, string account, DateTimeOffset startTime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _log = log;
        _venue = venue;
        _account = account;
        _time = time;
        _incomeFrom = startTime;
    }

    /// <summary>The symbols, sorted ordinally so a discovery that finds nothing new compares equal.</summary>
    public async Task<IReadOnlyList<string>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var checkpoint in await _log.ReadCheckpointsAsync(cancellationToken))
        {
            if (checkpoint.Kind == SyncCheckpointKind.Trades && checkpoint.Venue == _venue && checkpoint.Account == _account)
            {
                found.Add(checkpoint.Symbol);
            }
        }

        foreach (var key in (await _log.PositionsAsync(at: null, cancellationToken)).Select(p => p.Key))
        {
            if (key.Venue == _venue && key.Account == _account)
            {
                found.Add(key.Symbol);
            }
        }

        foreach (var risk in await _client.GetPositionRiskAsync(symbol: null, cancellationToken))
        {
            if (risk.PositionAmount != 0)
            {
                found.Add(risk.Symbol);
            }
        }

        await ReadIncomeAsync(cancellationToken);
        found.UnionWith(_fromIncome);
        return [.. found];
    }

    /// <summary>Adds the symbols of every income row from where the last read stopped up to now.</summary>
    private async Task ReadIncomeAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        for (var from = _incomeFrom; from < now; from += IncomeWindow)
        {
            var to = from + IncomeWindow - TimeSpan.FromMilliseconds(1) < now ? from + IncomeWindow - TimeSpan.FromMilliseconds(1) : now;
            for (var page = 1; ; page++)
            {
                var rows = await _client.GetIncomeAsync(symbol: null, incomeType: null, from, to, IncomePage, cancellationToken, page);
                foreach (var row in rows)
                {
                    if (row.Value.Symbol.Length > 0)
                    {
                        _fromIncome.Add(row.Value.Symbol);
                    }
                }

                if (rows.Count < IncomePage)
                {
                    break;
                }
            }
        }

        // Only after every window was read: a failure above reads the same span again next time.
        _incomeFrom = now - IncomeOverlap;
    }
}
