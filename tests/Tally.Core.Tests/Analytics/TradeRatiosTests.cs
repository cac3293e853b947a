using Tally.Core.Analytics;
using Tally.Core.Attribution;

namespace Tally.Core.Tests.Analytics;

/// <summary>Sharpe, Sortino, Calmar and max drawdown over per-trade returns, computed by hand (docs/DASHBOARD.md).</summary>
public class TradeRatiosTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TradeOutcome Trade(int minute, decimal pnl, decimal ret) => new($"t{minute}", T0.AddMinutes(minute), pnl, ret);

    [Fact]
    public void Sharpe_is_the_mean_return_over_the_sample_standard_deviation_and_sortino_divides_by_the_downside_deviation()
    {
        // r = 3 %, −1 %, 3 %, −1 %, 1 %: mean 1 %; deviations ±2 % four times, 0 once: Σ = 16e-4, / (5 − 1) = 4e-4, sd 2 %.
        // Downside: (−1 %)² twice = 2e-4, / 4 = 0.5e-4, √ = 0.70710678 %; Sortino = 1 / 0.70710678 = √2.
        var ratios = TradeRatios.Of([Trade(0, 3m, 0.03m), Trade(1, -1m, -0.01m), Trade(2, 3m, 0.03m), Trade(3, -1m, -0.01m), Trade(4, 1m, 0.01m)]);

        Assert.Equal(5, ratios.Trades);
        Assert.Equal(0.01m, ratios.MeanReturn);
        Assert.Equal(0.5m, ratios.Sharpe);
        Assert.Equal(1.4142135624m, Math.Round(ratios.Sortino!.Value, 10));
    }

    [Fact]
    public void Max_drawdown_is_the_largest_fall_of_cumulative_net_pnl_from_its_peak_and_calmar_is_total_pnl_over_it()
    {
        // Cumulative net PnL: 10, 4, 7, −1, 11 → peak 10 then the fall to −1 is 11; total 11, Calmar 11 / 11 = 1.
        var ratios = TradeRatios.Of([Trade(0, 10m, 0.1m), Trade(1, -6m, -0.06m), Trade(2, 3m, 0.03m), Trade(3, -8m, -0.08m), Trade(4, 12m, 0.12m)]);

        Assert.Equal(11m, ratios.MaxDrawdown);
        Assert.Equal(1m, ratios.Calmar);
    }

    [Fact]
    public void Trades_count_in_closing_order_not_in_the_order_given()
    {
        // Given out of order; by close time the curve is −5, 5: drawdown 5 from the starting 0; Calmar 5 / 5 = 1.
        var ratios = TradeRatios.Of([Trade(2, 10m, 0.1m), Trade(1, -5m, -0.05m)]);

        Assert.Equal(5m, ratios.MaxDrawdown);
        Assert.Equal(1m, ratios.Calmar);
    }

    [Fact]
    public void A_losing_first_trade_draws_down_from_the_starting_zero()
    {
        var ratios = TradeRatios.Of([Trade(0, -4m, -0.04m), Trade(1, 1m, 0.01m)]);

        Assert.Equal(4m, ratios.MaxDrawdown);
        Assert.Equal(-0.75m, ratios.Calmar);
    }

    [Fact]
    public void With_fewer_than_two_trades_there_is_no_sharpe_or_sortino()
    {
        var one = TradeRatios.Of([Trade(0, 3m, 0.03m)]);

        Assert.Equal((1, 0.03m, (decimal?)null, (decimal?)null, 0m, (decimal?)null), (one.Trades, one.MeanReturn, one.Sharpe, one.Sortino, one.MaxDrawdown, one.Calmar));
        Assert.Equal(TradeRatios.None, TradeRatios.Of(Array.Empty<TradeOutcome>()));
    }

    [Fact]
    public void Equal_returns_have_no_deviation_and_only_winners_have_no_downside_so_both_ratios_are_null()
    {
        var ratios = TradeRatios.Of([Trade(0, 2m, 0.02m), Trade(1, 2m, 0.02m), Trade(2, 2m, 0.02m)]);

        Assert.Null(ratios.Sharpe);
        Assert.Null(ratios.Sortino);
        Assert.Equal(0m, ratios.MaxDrawdown);
        Assert.Null(ratios.Calmar);
    }

    [Fact]
    public void The_square_root_is_exact_for_squares_and_refuses_negatives()
    {
        Assert.Equal(0.02m, TradeRatios.SquareRoot(0.0004m));
        Assert.Equal(0m, TradeRatios.SquareRoot(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => TradeRatios.SquareRoot(-1m));
    }

    [Fact]
    public void In_the_worked_example_a_returns_its_net_pnl_over_its_entry_cost_and_the_summary_carries_the_ratios()
    {
        var ledger = Instruments.Ledger();
        var book = new AttributionBook();
        book.Apply(ledger, Buy(Instruments.BtcPerp, 0.001m, 45_000m, positionSide: PositionSide.Long, minute: 0), new OrderPurpose.Entry("A", "a-1", 48_000m, 43_000m));
        book.Apply(ledger, Buy(Instruments.BtcPerp, 0.002m, 46_000m, positionSide: PositionSide.Long, minute: 1), new OrderPurpose.Entry("B", "b-1", 49_000m, 44_000m));
        book.Apply(ledger, Sell(Instruments.BtcPerp, 0.001m, 48_000m, positionSide: PositionSide.Long, minute: 2), new OrderPurpose.ExitPosition("a-1", CloseReason.TakeProfit));
        book.Apply(ledger, Sell(Instruments.BtcPerp, 0.002m, 44_000m, positionSide: PositionSide.Long, minute: 3), new OrderPurpose.ExitPosition("b-1", CloseReason.StopLoss));

        // A: +3 on 0.001 × 45,000 = 45 → 1/15; B: −4 on 0.002 × 46,000 = 92 → −1/23.
        var a = TradeOutcome.Of(book.Find("default", "default", Instruments.BtcPerp, "a-1")!)!;
        Assert.Equal((3m, 3m / 45m), (a.NetPnl, a.Return));
        var summaries = StrategySummary.Of(book.StrategyPositions()).ToDictionary(s => s.StrategyId);
        Assert.Equal(0m, summaries["A"].Ratios.MaxDrawdown);
        Assert.Equal(4m, summaries["B"].Ratios.MaxDrawdown);
        Assert.Equal(-1m, summaries["B"].Ratios.Calmar);
        Assert.Null(summaries["B"].Ratios.Sharpe);

        // Both together, in closing order: returns 1/15 and −1/23; the curve 3, −1 falls 4 from its peak.
        var both = TradeRatios.Of(book.StrategyPositions());
        Assert.Equal(2, both.Trades);
        Assert.Equal(4m, both.MaxDrawdown);
        Assert.Equal(-0.25m, both.Calmar);
    }
}
