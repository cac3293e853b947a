namespace Tally.Core.Risk;

/// <summary>
/// The daily drawdown circuit breaker (DESIGN §5). Equity = wallet + unrealized PnL; drawdown = (E0 − equity)/E0
/// with E0 the day's start equity (basis day_start) or the day's highest equity at evaluations (basis peak).
/// ≥ 3 %: close the worst half, rounded up; ≥ 4 %: close all; ≥ 5 %: close all and StopAllTrading. Each level fires
/// at most once a UTC day; a jump past several fires the highest (the lower ones count as fired). E.g. E0 10,000,
/// equity 9,700 → (10,000 − 9,700)/10,000 = 3 %: level 1; with 5 open, the worst ⌈5/2⌉ = 3 close.
/// </summary>
public static class DrawdownBreaker
{
    /// <summary>
    /// Evaluates at <paramref name="now"/>. The first evaluation of a new UTC day takes its equity as that day's
    /// E0 (the monitor evaluates at the first tick at or after each 10-s boundary, so at 00:00:00–00:00:10).
    /// </summary>
    public static BreakerDecision Evaluate(
        BreakerState state, DateTimeOffset now, decimal equity, IReadOnlyList<RiskPosition> open, RiskSettings settings)
    {
        var day = BreakerState.DayOf(now);
        if (day != state.Day)
        {
            state = state with { Day = day, DayStartEquity = equity, PeakEquity = equity, FiredToday = BreakerLevel.None };
        }

        state = state with { PeakEquity = Math.Max(state.PeakEquity, equity) };
        var basis = settings.BreakerBasis switch
        {
            BreakerBasis.DayStart => state.DayStartEquity,
            BreakerBasis.Peak => state.PeakEquity,
        };
        var drawdown = basis > 0m ? (basis - equity) / basis : 0m;

        var reached = drawdown >= settings.BreakerHalt ? BreakerLevel.Halt
            : drawdown >= settings.BreakerCloseAll ? BreakerLevel.CloseAll
            : drawdown >= settings.BreakerCloseWorstHalf ? BreakerLevel.CloseWorstHalf
            : BreakerLevel.None;

        if (reached <= state.FiredToday)
        {
            return new BreakerDecision(state, equity, basis, drawdown, BreakerLevel.None, []);
        }

        var worst = RiskPosition.WorstFirst(open);
        IReadOnlyList<string> close = reached switch
        {
            BreakerLevel.None => [],
            BreakerLevel.CloseWorstHalf => worst.Take((open.Count + 1) / 2).Select(p => p.StrategyPositionId).ToList(),
            BreakerLevel.CloseAll or BreakerLevel.Halt => worst.Select(p => p.StrategyPositionId).ToList(),
        };

        state = state with { FiredToday = reached };
        if (reached == BreakerLevel.Halt && !state.Halted)
        {
            state = state with { Halted = true, HaltedAt = now };
        }

        return new BreakerDecision(state, equity, basis, drawdown, reached, close);
    }
}
