using Tally.Core.Risk;
using static Tally.Core.Tests.Risk.RiskPositions;

namespace Tally.Core.Tests.Risk;

public class DrawdownBreakerTests
{
    private static readonly RiskSettings DayStart = new();
    private static readonly RiskSettings Peak = new() { BreakerBasis = BreakerBasis.Peak };

    private static readonly RiskPosition[] Five =
    [
        Open("p1", pnlPct: 1m), Open("p2", pnlPct: -4m), Open("p3", pnlPct: -1m), Open("p4", pnlPct: -2m), Open("p5", pnlPct: 0m),
    ];

    private static BreakerDecision Step(ref BreakerState state, double minutes, decimal equity, RiskSettings settings, IReadOnlyList<RiskPosition>? open = null)
    {
        var decision = DrawdownBreaker.Evaluate(state, Now.AddMinutes(minutes), equity, open ?? Five, settings);
        state = decision.State;
        return decision;
    }

    [Fact]
    public void Level_1_at_3_percent_closes_the_worst_half_rounded_up()
    {
        var state = BreakerState.Start(Now, 10_000m);

        Assert.Equal(BreakerLevel.None, Step(ref state, 1, 9_701m, DayStart).Fired); // 2.99 %

        // (10,000 − 9,700)/10,000 = 3 %; ⌈5/2⌉ = 3 worst: p2 (−4), p4 (−2), p3 (−1).
        var decision = Step(ref state, 2, 9_700m, DayStart);
        Assert.Equal(0.03m, decision.Drawdown);
        Assert.Equal(BreakerLevel.CloseWorstHalf, decision.Fired);
        Assert.Equal(["p2", "p4", "p3"], decision.Close);

        Assert.Equal(BreakerLevel.None, Step(ref state, 3, 9_650m, DayStart).Fired); // once a day
    }

    [Fact]
    public void Level_2_at_4_percent_closes_all_and_level_3_at_5_percent_also_halts()
    {
        var state = BreakerState.Start(Now, 10_000m);
        Step(ref state, 1, 9_700m, DayStart);

        var all = Step(ref state, 2, 9_600m, DayStart); // 4 %
        Assert.Equal(BreakerLevel.CloseAll, all.Fired);
        Assert.Equal(5, all.Close.Count);
        Assert.False(state.Halted);

        var halt = Step(ref state, 3, 9_500m, DayStart); // 5 %
        Assert.Equal(BreakerLevel.Halt, halt.Fired);
        Assert.True(state.Halted);
        Assert.Equal(Now.AddMinutes(3), state.HaltedAt);
    }

    [Fact]
    public void A_jump_past_several_levels_fires_the_highest_once()
    {
        var state = BreakerState.Start(Now, 10_000m);

        Assert.Equal(BreakerLevel.Halt, Step(ref state, 1, 9_000m, DayStart).Fired); // 10 %
        Assert.Equal(BreakerLevel.None, Step(ref state, 2, 9_680m, DayStart).Fired); // 3.2 %: level 1 counts as fired
    }

    [Fact]
    public void Peak_basis_measures_from_the_days_highest_equity_at_evaluations()
    {
        var state = BreakerState.Start(Now, 10_000m);

        Step(ref state, 1, 10_400m, Peak);
        // Day-start basis would read (10,000 − 10,088)/10,000 < 0; peak: (10,400 − 10,088)/10,400 = 3 %.
        var decision = Step(ref state, 2, 10_088m, Peak);
        Assert.Equal(10_400m, decision.Basis);
        Assert.Equal(0.03m, decision.Drawdown);
        Assert.Equal(BreakerLevel.CloseWorstHalf, decision.Fired);

        var dayStart = BreakerState.Start(Now, 10_000m);
        Step(ref dayStart, 1, 10_400m, DayStart);
        Assert.Equal(BreakerLevel.None, Step(ref dayStart, 2, 10_088m, DayStart).Fired);
    }

    [Fact]
    public void Peak_basis_fires_each_level()
    {
        var state = BreakerState.Start(Now, 10_000m);
        Step(ref state, 1, 12_000m, Peak);

        Assert.Equal(BreakerLevel.CloseAll, Step(ref state, 2, 11_520m, Peak).Fired); // 480 / 12,000 = 4 %
        Assert.Equal(BreakerLevel.Halt, Step(ref state, 3, 11_400m, Peak).Fired);     // 600 / 12,000 = 5 %
    }

    [Fact]
    public void A_new_utc_day_takes_its_first_equity_as_E0_and_re_arms_the_levels()
    {
        var state = BreakerState.Start(Now, 10_000m);
        Step(ref state, 1, 9_700m, DayStart); // level 1 today

        // Next day 00:00:05: E0 = 9,800; 9,506 is (9,800 − 9,506)/9,800 = 3 %: level 1 fires again.
        var midnight = (new DateTimeOffset(2026, 3, 2, 0, 0, 5, TimeSpan.Zero) - Now).TotalMinutes;
        Assert.Equal(BreakerLevel.None, Step(ref state, midnight, 9_800m, DayStart).Fired);
        Assert.Equal(new DateOnly(2026, 3, 2), state.Day);
        Assert.Equal(9_800m, state.DayStartEquity);

        Assert.Equal(BreakerLevel.CloseWorstHalf, Step(ref state, midnight + 1, 9_506m, DayStart).Fired);
    }

    [Fact]
    public void The_halt_outlives_the_day_until_reset()
    {
        var state = BreakerState.Start(Now, 10_000m);
        Step(ref state, 1, 9_500m, DayStart);

        Step(ref state, 24 * 60, 9_500m, DayStart); // the next day
        Assert.True(state.Halted);

        state = state.Reset();
        Assert.False(state.Halted);
        Assert.Equal(BreakerLevel.None, Step(ref state, (24 * 60) + 1, 9_490m, DayStart).Fired); // 0.1 % today
    }

    [Fact]
    public void State_is_a_plain_value_that_survives_a_round_trip()
    {
        var state = BreakerState.Start(Now, 10_000m);
        Step(ref state, 1, 9_500m, DayStart);

        var stored = new BreakerState(state.Day, state.DayStartEquity, state.PeakEquity, state.FiredToday, state.Halted, state.HaltedAt);

        Assert.Equal(state, stored);
        Assert.True(stored.Halted);
    }
}
