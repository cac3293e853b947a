namespace Tally.Core.Risk;

/// <summary>
/// The dump detector's rules (DESIGN §5), from closed 1-minute candles, oldest first. For a long:
/// (a) taker sell &gt; taker buy in each of the last 3; (b) buy:sell ≥ 2.5 summed over the 5 candles before the
/// last one and sell:buy ≥ 2.5 in the last one; (c) price &lt; H × (1 − 0.5 %) with H the highest since the entry.
/// A short mirrors all three (buy for sell, L × (1 + 0.5 %) for H × (1 − 0.5 %)). Too few candles: (a) and (b)
/// are false. (a) and (b) depend on the symbol and side only, so a monitor computes them once per closed candle
/// and finds the positions with (c) in the <see cref="StopBook"/>.
/// </summary>
public static class DumpDetector
{
    /// <summary>Signals (a) and (b); <see cref="DumpSignals.MomentumBreak"/> is false.</summary>
    public static DumpSignals FromCandles(IReadOnlyList<Candle> closed, ExposureSide side, RiskSettings settings) =>
        new(Pressure(closed, side, settings.DumpPressureCandles),
            FlowFlip(closed, side, settings.FlowFlipWindow, settings.FlowFlipRatio),
            MomentumBreak: false);

    /// <summary>All three signals for one position with best price since entry <paramref name="extreme"/>.</summary>
    public static DumpSignals Evaluate(
        IReadOnlyList<Candle> closed, ExposureSide side, decimal extreme, decimal price, RiskSettings settings) =>
        FromCandles(closed, side, settings) with { MomentumBreak = MomentumBreak(side, extreme, price, settings.MomentumBreak) };

    /// <summary>
    /// The positions of one symbol and side the dump rule exits at a tick, without visiting the others: if (a) and
    /// (b) already make the required count, all of them; if they are one short, those with (c), found from the
    /// book's best extremes (O(log n + k)); otherwise none. Returns the candle signals for the event's detail.
    /// </summary>
    public static DumpSignals CollectExits(
        StopBook book, string symbol, ExposureSide side, IReadOnlyList<Candle> closed, decimal price, RiskSettings settings,
        ICollection<string> into)
    {
        var signals = FromCandles(closed, side, settings);
        if (signals.Count >= settings.DumpSignalsRequired)
        {
            book.CollectAll(symbol, side, into);
        }
        else if (signals.Count + 1 >= settings.DumpSignalsRequired)
        {
            book.CollectMomentumBreaks(symbol, side, price, settings.MomentumBreak, into);
        }

        return signals;
    }

    /// <summary>(a): the taker against the position outweighs the taker with it in each of the last n candles.</summary>
    public static bool Pressure(IReadOnlyList<Candle> closed, ExposureSide side, int candles)
    {
        if (closed.Count < candles)
        {
            return false;
        }

        for (var i = closed.Count - candles; i < closed.Count; i++)
        {
            var (against, with) = Flow(closed[i], side);
            if (against <= with)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// (b): with:against ≥ ratio summed over the <paramref name="window"/> candles before the last one, then
    /// against:with ≥ ratio in the last one. A ratio a:b ≥ r is read as a ≥ r·b with a &gt; 0 (no volume is no flow).
    /// </summary>
    public static bool FlowFlip(IReadOnlyList<Candle> closed, ExposureSide side, int window, decimal ratio)
    {
        if (closed.Count < window + 1)
        {
            return false;
        }

        decimal withSum = 0m, againstSum = 0m;
        for (var i = closed.Count - 1 - window; i < closed.Count - 1; i++)
        {
            var (against, with) = Flow(closed[i], side);
            againstSum += against;
            withSum += with;
        }

        var (lastAgainst, lastWith) = Flow(closed[^1], side);
        return AtLeast(withSum, againstSum, ratio) && AtLeast(lastAgainst, lastWith, ratio);
    }

    /// <summary>(c): long price &lt; H × (1 − fraction); short price &gt; L × (1 + fraction).</summary>
    public static bool MomentumBreak(ExposureSide side, decimal extreme, decimal price, decimal fraction) => side switch
    {
        ExposureSide.Long => price < extreme * (1m - fraction),
        ExposureSide.Short => price > extreme * (1m + fraction),
    };

    private static bool AtLeast(decimal numerator, decimal denominator, decimal ratio) =>
        numerator > 0m && numerator >= ratio * denominator;

    // Against a long: taker sells; against a short: taker buys.
    private static (decimal Against, decimal With) Flow(Candle candle, ExposureSide side) => side switch
    {
        ExposureSide.Long => (candle.TakerSellVolume, candle.TakerBuyVolume),
        ExposureSide.Short => (candle.TakerBuyVolume, candle.TakerSellVolume),
    };
}
