namespace Tally.Core.Risk;

/// <summary>
/// Folds one symbol's trades into 1-minute candles (minutes start at whole UTC minutes). A candle closes when a
/// trade of a later minute arrives or when <see cref="CloseThrough"/> is told the minute is over; minutes without
/// trades in between become flat candles at the last close, at most <see cref="MaxGapCandles"/> of them (the most
/// recent), enough for the longest window the rules read. A trade older than the candle in progress (or than the
/// last closed one) is refused rather than rewriting a closed candle. Not thread-safe; one per symbol.
/// </summary>
public sealed class CandleBuilder(int maxGapCandles = 120)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _open;
    private decimal _o;
    private decimal _h;
    private decimal _l;
    private decimal _c;
    private decimal _buy;
    private decimal _sell;
    private DateTimeOffset? _lastClosed;
    private decimal _lastClose;

    public int MaxGapCandles { get; } = maxGapCandles;

    /// <summary>The whole UTC minute a time falls in.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    /// <summary>Adds a trade; candles it closes go to <paramref name="closed"/>. False if the trade is too old.</summary>
    public bool Add(Trade trade, ICollection<Candle> closed)
    {
        var minute = MinuteOf(trade.Timestamp);
        if (_open is { } open)
        {
            if (minute < open)
            {
                return false;
            }

            if (minute > open)
            {
                EmitCurrent(closed);
                FillGap(open + Minute, minute, closed);
            }
        }
        else if (_lastClosed is { } last)
        {
            if (minute <= last)
            {
                return false;
            }

            FillGap(last + Minute, minute, closed);
        }

        if (_open is null)
        {
            _open = minute;
            _o = _h = _l = trade.Price;
            _buy = _sell = 0m;
        }

        _h = Math.Max(_h, trade.Price);
        _l = Math.Min(_l, trade.Price);
        _c = trade.Price;
        switch (trade.TakerSide)
        {
            case Side.Buy:
                _buy += trade.Quantity;
                break;
            case Side.Sell:
                _sell += trade.Quantity;
                break;
        }

        return true;
    }

    /// <summary>
    /// Adds a closed candle from elsewhere (a REST back-fill): it replaces the candle in progress of its minute, closes
    /// an earlier one in progress, and fills flat minutes before it as <see cref="Add"/> does. False (nothing changes)
    /// when its minute is before the candle in progress or not after the last closed one.
    /// </summary>
    public bool AddClosed(Candle candle, ICollection<Candle> closed)
    {
        var minute = MinuteOf(candle.OpenTime);
        if (_open is { } open)
        {
            if (minute < open)
            {
                return false;
            }

            if (minute > open)
            {
                EmitCurrent(closed);
                FillGap(open + Minute, minute, closed);
            }

            _open = null;
        }
        else if (_lastClosed is { } last)
        {
            if (minute <= last)
            {
                return false;
            }

            FillGap(last + Minute, minute, closed);
        }

        closed.Add(candle with { OpenTime = minute });
        _lastClosed = minute;
        _lastClose = candle.Close;
        return true;
    }

    /// <summary>Closes every minute that ended at or before <paramref name="now"/>.</summary>
    public void CloseThrough(DateTimeOffset now, ICollection<Candle> closed)
    {
        var boundary = MinuteOf(now);
        if (_open is { } open)
        {
            if (open < boundary)
            {
                EmitCurrent(closed);
                FillGap(open + Minute, boundary, closed);
            }
        }
        else if (_lastClosed is { } last)
        {
            FillGap(last + Minute, boundary, closed);
        }
    }

    private void EmitCurrent(ICollection<Candle> closed)
    {
        closed.Add(new Candle(_open!.Value, _o, _h, _l, _c, _buy, _sell));
        _lastClosed = _open;
        _lastClose = _c;
        _open = null;
    }

    // Flat candles for the minutes from `from` up to (not including) `until`.
    private void FillGap(DateTimeOffset from, DateTimeOffset until, ICollection<Candle> closed)
    {
        if (until <= from)
        {
            return;
        }

        var missing = (until - from).Ticks / TimeSpan.TicksPerMinute;
        if (missing > MaxGapCandles)
        {
            from = until - (Minute * MaxGapCandles);
        }

        for (var minute = from; minute < until; minute += Minute)
        {
            closed.Add(new Candle(minute, _lastClose, _lastClose, _lastClose, _lastClose, 0m, 0m));
            _lastClosed = minute;
        }
    }
}
