namespace Tally.PaperExchange;

/// <summary>
/// The income ledger behind GET /fapi/v1/income: every wallet change of the live venue as a signed row, so that
/// initial balance + Σ income = wallet (pre-loaded history excepted, see <see cref="PaperExchangeOptions.HistoricalTrades"/>).
/// </summary>
public sealed partial class PaperVenue
{
    /// <summary>Transaction ids count up from here for every income type.</summary>
    public const long FirstTranId = 7_000_000_000L;

    private static readonly TimeSpan DefaultIncomeWindow = TimeSpan.FromDays(7);

    /// <summary>Ascending by time: rows are added under the lock as the clock moves forward.</summary>
    private readonly List<IncomeRecord> _income = [];
    private long _nextTranId = FirstTranId;

    /// <summary>
    /// Income rows, ascending by time. Neither time → the last 7 days; only startTime → from it to now; only
    /// endTime → the 7 days before it (ours; Binance documents only the first rule). Both bounds inclusive.
    /// Page n (from 1) skips (n − 1) × limit rows.
    /// </summary>
    public ApiError? TryGetIncome(IncomeQuery query, out IReadOnlyList<IncomeRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(query);
        rows = [];
        if (query.Symbol is not null && !_books.ContainsKey(query.Symbol))
        {
            return ApiError.InvalidSymbol;
        }

        if (query.Limit is < 1 or > 1000)
        {
            return ApiError.InvalidParameter("limit");
        }

        if (query.Page < 1)
        {
            return ApiError.InvalidParameter("page");
        }

        lock (_lock)
        {
            SettleFundingDue();
            var now = _options.TimeProvider.GetUtcNow();
            var (start, end) = (query.StartTime, query.EndTime) switch
            {
                ({ } s, { } e) => (s, e),
                ({ } s, null) => (s, now),
                (null, { } e) => (e - DefaultIncomeWindow, e),
                (null, null) => (now - DefaultIncomeWindow, now),
            };
            if (end < start)
            {
                return ApiError.InvalidParameter("startTime");
            }

            var skip = checked((long)(query.Page - 1) * query.Limit);
            rows = _income
                .Where(r => r.Time >= start && r.Time <= end
                    && (query.Symbol is null || r.Symbol == query.Symbol)
                    && (query.Type is null || r.Type == query.Type))
                .Skip(skip > int.MaxValue ? int.MaxValue : (int)skip)
                .Take(query.Limit)
                .ToList();
            return null;
        }
    }

    /// <summary>Under the lock: the REALIZED_PNL and COMMISSION rows of one fill (only the non-zero ones).</summary>
    private void AddFillIncome(PaperTrade trade)
    {
        var realized = Math.Round(trade.RealizedPnl, 8, MidpointRounding.ToEven);
        if (realized != 0)
        {
            AddIncome(trade.Symbol.Symbol, IncomeType.RealizedPnl, realized, trade.Symbol.QuoteAsset, trade.Time, trade.Id);
        }

        if (trade.Commission != 0)
        {
            AddIncome(trade.Symbol.Symbol, IncomeType.Commission, -trade.Commission, trade.Symbol.QuoteAsset, trade.Time, trade.Id);
        }
    }

    private void AddIncome(string symbol, IncomeType type, decimal amount, string asset, DateTimeOffset at, long? tradeId) =>
        _income.Add(new IncomeRecord(symbol, type, amount, asset, at, _nextTranId++, tradeId));
}
