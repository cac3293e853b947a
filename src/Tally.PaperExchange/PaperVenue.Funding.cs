namespace Tally.PaperExchange;

/// <summary>
/// Funding. The clock may be virtual, so nothing runs on a timer: every funding time that has passed is settled,
/// in order, the next time anyone asks the venue anything (<see cref="CatchUp"/>, placing an order, moving a price;
/// the host calls <see cref="CatchUp"/> before every request). Prices and positions only change inside venue calls,
/// so settling late uses exactly the marks and amounts that stood at the funding time.
/// </summary>
public sealed partial class PaperVenue
{
    private readonly Dictionary<string, List<FundingRecord>> _fundingHistory = new(StringComparer.Ordinal);
    private DateTimeOffset _nextFunding;

    /// <summary>The next funding time that has not been settled yet.</summary>
    public DateTimeOffset NextFundingTime
    {
        get
        {
            lock (_lock)
            {
                SettleFundingDue();
                return _options.Funding ? _nextFunding : FundingSchedule.NextAfter(_options.TimeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>Settles every funding time that has passed on the exchange clock. Cheap when there is none.</summary>
    public void CatchUp()
    {
        lock (_lock)
        {
            SettleFundingDue();
        }
    }

    /// <summary>The rate <paramref name="symbol"/> pays at <paramref name="fundingTime"/> (fixed by option, or seeded).</summary>
    public decimal FundingRate(string symbol, DateTimeOffset fundingTime)
    {
        var index = SymbolIndex(symbol);
        return _options.FixedFundingRate ?? FundingSchedule.SeededRate(_options.Seed, index, fundingTime);
    }

    /// <summary>
    /// Settled funding times, ascending, at most <paramref name="limit"/>. Without times, the most recent
    /// <paramref name="limit"/>; otherwise the first <paramref name="limit"/> from <paramref name="start"/> (inclusive) on.
    /// </summary>
    public IReadOnlyList<FundingRecord> FundingHistory(string symbol, DateTimeOffset? start, DateTimeOffset? end, int limit)
    {
        lock (_lock)
        {
            SettleFundingDue();
            var all = _fundingHistory.GetValueOrDefault(symbol) ?? [];
            if (start is null && end is null)
            {
                return all.Skip(Math.Max(0, all.Count - limit)).ToList();
            }

            return all.Where(r => (start is null || r.Time >= start) && (end is null || r.Time <= end)).Take(limit).ToList();
        }
    }

    /// <summary>Under the lock: settles every funding time up to now, oldest first.</summary>
    private void SettleFundingDue()
    {
        if (!_options.Funding)
        {
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        while (_nextFunding <= now)
        {
            SettleFunding(_nextFunding);
            _nextFunding += FundingSchedule.Interval;
        }
    }

    /// <summary>
    /// One funding time: every open position pays −amount × mark × rate, rounded to 8 places. A long of 2 ETH at a
    /// mark of 3000 with a rate of +0.0001 pays 0.6 USDT (income −0.60000000); a short of the same receives it.
    /// </summary>
    private void SettleFunding(DateTimeOffset at)
    {
        for (var i = 0; i < _options.Symbols.Count; i++)
        {
            var book = _books[_options.Symbols[i].Symbol];
            var symbol = book.Symbol;
            var mark = _prices.Current(symbol.Symbol);
            var rate = _options.FixedFundingRate ?? FundingSchedule.SeededRate(_options.Seed, i, at);
            if (!_fundingHistory.TryGetValue(symbol.Symbol, out var history))
            {
                history = [];
                _fundingHistory.Add(symbol.Symbol, history);
            }

            history.Add(new FundingRecord(symbol.Symbol, at, rate, mark));
            foreach (var side in (ReadOnlySpan<Tally.Core.PositionSide>)[Tally.Core.PositionSide.Both, Tally.Core.PositionSide.Long, Tally.Core.PositionSide.Short])
            {
                if (!book.Positions.TryGetValue(side, out var position) || position.Amount == 0)
                {
                    continue;
                }

                var payment = Math.Round(-(position.Amount * mark * rate), 8, MidpointRounding.ToEven);
                if (payment == 0)
                {
                    continue;
                }

                _wallet += payment;
                AddIncome(symbol.Symbol, IncomeType.FundingFee, payment, symbol.QuoteAsset, at, tradeId: null);
                _events?.Invoke(new BalanceEvent(at, BalanceChangeReason.FundingFee, symbol.Symbol, symbol.QuoteAsset, payment, _wallet));
            }
        }
    }

    private int SymbolIndex(string symbol)
    {
        for (var i = 0; i < _options.Symbols.Count; i++)
        {
            if (_options.Symbols[i].Symbol == symbol)
            {
                return i;
            }
        }

        throw new ArgumentException($"symbol: \"{symbol}\" is not traded here", nameof(symbol));
    }
}
