namespace Tally.PaperExchange;

/// <summary>Market-data views of the venue: the 24-hour ticker built from its own fills and the price feed.</summary>
public sealed partial class PaperVenue
{
    private static readonly TimeSpan TickerWindow = TimeSpan.FromHours(24);

    /// <summary>The 24-hour ticker of every symbol (or one), in the configured symbol order.</summary>
    public IReadOnlyList<TickerSnapshot> Tickers(string? symbol)
    {
        lock (_lock)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var from = now - TickerWindow;
            var rows = new List<TickerSnapshot>();
            foreach (var book in _books.Values)
            {
                if (symbol is not null && book.Symbol.Symbol != symbol)
                {
                    continue;
                }

                var last = _prices.Current(book.Symbol.Symbol);
                var fills = book.Trades.Where(t => t.Time > from && t.Time <= now).ToList();
                rows.Add(fills.Count == 0
                    ? new TickerSnapshot(book.Symbol, last, last, last, last, 0m, 0m, 0m, -1, -1, 0, from, now)
                    : new TickerSnapshot(
                        book.Symbol,
                        last,
                        fills[0].Price,
                        Math.Max(last, fills.Max(t => t.Price)),
                        Math.Min(last, fills.Min(t => t.Price)),
                        fills.Sum(t => t.Quantity),
                        fills.Sum(t => t.Price * t.Quantity),
                        fills[^1].Quantity,
                        fills[0].Id,
                        fills[^1].Id,
                        fills.Count,
                        from,
                        now));
            }

            return rows;
        }
    }
}
