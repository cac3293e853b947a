namespace Tally.PaperExchange;

/// <summary>
/// The exchange's own book for one (symbol, position side): a signed amount and a weighted-average entry price,
/// folded the way Binance folds USD-M positions. Kept apart from Tally.Core on purpose, so that tests can check
/// the ledger against an independent implementation. Owned by <see cref="PaperVenue"/> under its lock.
/// </summary>
/// <remarks>
/// Increase: E' = (|a|·E + x·p) / (|a| + x). Reduce by x ≤ |a|: realized = (p − E)·x for a long, (E − p)·x for a
/// short; E unchanged. One-way flip (x &gt; |a|): close |a| at p, open x − |a| at E' = p.
/// Example: buy 1 @ 3000, buy 0.5 @ 3100 → E = 3033.33…; sell 0.5 @ 3200 realizes (3200 − 3033.33…)·0.5 = 83.33….
/// </remarks>
internal sealed class PaperPosition
{
    /// <summary>+ long, − short, 0 flat.</summary>
    public decimal Amount { get; private set; }

    /// <summary>Weighted-average entry price; 0 when flat.</summary>
    public decimal EntryPrice { get; private set; }

    /// <summary>Σ realized PnL of this book since the start, before fees (ACCOUNT_UPDATE's <c>cr</c>).</summary>
    public decimal AccumulatedRealized { get; private set; }

    /// <summary>Time of the last fill; null before the first.</summary>
    public DateTimeOffset? UpdateTime { get; private set; }

    /// <summary>Applies a fill of signed quantity <paramref name="delta"/> at <paramref name="price"/>; returns the realized PnL.</summary>
    public decimal Apply(decimal delta, decimal price, DateTimeOffset at)
    {
        UpdateTime = at;
        if (Amount == 0 || Math.Sign(Amount) == Math.Sign(delta))
        {
            var size = Math.Abs(Amount);
            var added = Math.Abs(delta);
            EntryPrice = ((size * EntryPrice) + (added * price)) / (size + added);
            Amount += delta;
            return 0m;
        }

        var closed = Math.Min(Math.Abs(delta), Math.Abs(Amount));
        var realized = (price - EntryPrice) * closed * Math.Sign(Amount);
        AccumulatedRealized += realized;
        Amount += delta;
        if (Amount == 0)
        {
            EntryPrice = 0m;
        }
        else if (Math.Sign(Amount) == Math.Sign(delta))
        {
            // Flipped: what is left over was opened at this fill's price.
            EntryPrice = price;
        }

        return realized;
    }
}
