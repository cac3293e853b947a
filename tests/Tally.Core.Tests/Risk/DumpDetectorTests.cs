using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class DumpDetectorTests
{
    private static readonly RiskSettings Settings = new();
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<Candle> Candles(params (decimal Buy, decimal Sell)[] flows) =>
        flows.Select((f, i) => new Candle(T0.AddMinutes(i), 100m, 100m, 100m, 100m, f.Buy, f.Sell)).ToList();

    [Fact]
    public void Pressure_needs_taker_sell_above_taker_buy_in_each_of_the_last_3_candles()
    {
        // Earlier candles do not count: (9, 1) is 4 candles back.
        Assert.True(DumpDetector.Pressure(Candles((9, 1), (5, 6), (4, 7), (3, 3.5m)), ExposureSide.Long, 3));
        Assert.False(DumpDetector.Pressure(Candles((5, 6), (4, 7), (3, 3)), ExposureSide.Long, 3)); // equal is not more
        Assert.False(DumpDetector.Pressure(Candles((4, 7), (3, 3.5m)), ExposureSide.Long, 3)); // too few candles
    }

    [Fact]
    public void Pressure_for_a_short_is_taker_buy_above_taker_sell()
    {
        var candles = Candles((6, 5), (7, 4), (3.5m, 3));

        Assert.True(DumpDetector.Pressure(candles, ExposureSide.Short, 3));
        Assert.False(DumpDetector.Pressure(candles, ExposureSide.Long, 3));
    }

    [Fact]
    public void Flow_flip_is_buy_to_sell_2_5_over_the_5_candles_before_then_sell_to_buy_2_5_in_the_last()
    {
        // Window: buy 5 × 10 = 50, sell 5 × 4 = 20 → 2.5; last: sell 5, buy 2 → 2.5. Both exactly at the ratio.
        var flipped = Candles((10, 4), (10, 4), (10, 4), (10, 4), (10, 4), (2, 5));
        Assert.True(DumpDetector.FlowFlip(flipped, ExposureSide.Long, 5, 2.5m));

        // Window sell 20.01: 50 / 20.01 < 2.5.
        var weakWindow = Candles((10, 4), (10, 4), (10, 4), (10, 4), (10, 4.01m), (2, 5));
        Assert.False(DumpDetector.FlowFlip(weakWindow, ExposureSide.Long, 5, 2.5m));

        // Last: 4.99 / 2 < 2.5.
        var weakLast = Candles((10, 4), (10, 4), (10, 4), (10, 4), (10, 4), (2, 4.99m));
        Assert.False(DumpDetector.FlowFlip(weakLast, ExposureSide.Long, 5, 2.5m));
    }

    [Fact]
    public void Flow_flip_for_a_short_mirrors_and_no_volume_is_no_flow()
    {
        var mirrored = Candles((4, 10), (4, 10), (4, 10), (4, 10), (4, 10), (5, 2));
        Assert.True(DumpDetector.FlowFlip(mirrored, ExposureSide.Short, 5, 2.5m));

        var silent = Candles((0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0));
        Assert.False(DumpDetector.FlowFlip(silent, ExposureSide.Long, 5, 2.5m));

        // Window with only buys (sell 0) is an infinite buy:sell ratio.
        var onlyBuys = Candles((1, 0), (1, 0), (1, 0), (1, 0), (1, 0), (0, 1));
        Assert.True(DumpDetector.FlowFlip(onlyBuys, ExposureSide.Long, 5, 2.5m));
    }

    [Fact]
    public void Momentum_break_is_half_a_percent_below_the_high_for_a_long_and_above_the_low_for_a_short()
    {
        // H 100: 100 × 0.995 = 99.5; 99.49 breaks, 99.5 does not. L 100: 100.5; 100.51 breaks.
        Assert.True(DumpDetector.MomentumBreak(ExposureSide.Long, 100m, 99.49m, 0.005m));
        Assert.False(DumpDetector.MomentumBreak(ExposureSide.Long, 100m, 99.5m, 0.005m));
        Assert.True(DumpDetector.MomentumBreak(ExposureSide.Short, 100m, 100.51m, 0.005m));
        Assert.False(DumpDetector.MomentumBreak(ExposureSide.Short, 100m, 100.5m, 0.005m));
    }

    [Fact]
    public void Two_of_three_signals_exit_one_does_not()
    {
        // Last 3 sell-heavy, but the window before the last is not buy-heavy enough to count as a flip.
        var pressureNoFlip = Candles((10, 4), (10, 4), (10, 4), (3.5m, 3.6m), (3.5m, 3.6m), (2, 5));
        var pressureOnly = Candles((1, 1), (1, 1), (1, 1), (1, 2), (1, 2), (1, 2));

        // Window: buy 10 × 3 + 3.5 × 2 = 37, sell 4 × 3 + 3.6 × 2 = 19.2 → 1.93 < 2.5: no flip.
        Assert.Equal(new DumpSignals(true, false, false), DumpDetector.FromCandles(pressureNoFlip, ExposureSide.Long, Settings));

        var flipAndPressure = Candles((10, 4), (10, 4), (10, 4), (10, 4), (10, 4), (2, 5));
        var onlyFlip = DumpDetector.Evaluate(flipAndPressure, ExposureSide.Long, 100m, 99.6m, Settings);
        Assert.Equal(new DumpSignals(false, true, false), onlyFlip);
        Assert.False(onlyFlip.Exits(Settings.DumpSignalsRequired));

        var flipAndMomentum = DumpDetector.Evaluate(flipAndPressure, ExposureSide.Long, 100m, 99.4m, Settings);
        Assert.Equal(2, flipAndMomentum.Count);
        Assert.True(flipAndMomentum.Exits(Settings.DumpSignalsRequired));

        var pressureAndMomentum = DumpDetector.Evaluate(pressureOnly, ExposureSide.Long, 100m, 99.4m, Settings);
        Assert.Equal(new DumpSignals(true, false, true), pressureAndMomentum);
        Assert.True(pressureAndMomentum.Exits(Settings.DumpSignalsRequired));

        var all = Candles((10, 1), (10, 1), (10, 1), (1, 3), (1, 3), (1, 3));
        // Window before the last: buy 10 × 3 + 1 × 2 = 32, sell 3 + 6 = 9 → 3.56 ≥ 2.5; last 3:1; pressure 3 of 3.
        Assert.Equal(3, DumpDetector.Evaluate(all, ExposureSide.Long, 100m, 99m, Settings).Count);
    }
}
