using Tally.Cli.Demo;
using Tally.Core.Signals;

namespace Tally.Cli.Tests;

/// <summary>The three demo strategies' rules, their cooldown and the seeded walk: pure, so the same prices give the same signals.</summary>
public sealed class DemoRulesTests
{
    [Fact]
    public void Momentum_buys_after_a_rise_of_at_least_its_threshold_with_tp_above_and_sl_below()
    {
        var rule = new MomentumRule(window: 4, threshold: 0.01m);

        var call = rule.Decide([100m, 100.5m, 100.8m, 101m, 101m]);

        Assert.Equal(new DemoCall(SignalAction.Buy, 0.5m, 101m * 1.003m, 101m * 0.998m), call);
    }

    [Fact]
    public void Momentum_sells_after_a_fall_and_its_confidence_grows_with_the_move()
    {
        var rule = new MomentumRule(window: 2, threshold: 0.01m);

        var call = rule.Decide([100m, 99m, 98m]);

        Assert.Equal(SignalAction.Sell, call!.Action);
        Assert.Equal(0.6m, call.Confidence);
        Assert.Equal((98m * 0.997m, 98m * 1.002m), (call.TakeProfit, call.StopLoss));
    }

    [Fact]
    public void Momentum_stays_out_of_a_move_below_its_threshold()
    {
        Assert.Null(new MomentumRule(window: 2, threshold: 0.01m).Decide([100m, 100.4m, 100.9m]));
    }

    [Fact]
    public void Mean_reversion_buys_below_its_band_and_sells_above_it()
    {
        var rule = new MeanReversionRule(window: 4, band: 0.01m);

        var buy = rule.Decide([100m, 100m, 100m, 97m]);
        var sell = rule.Decide([100m, 100m, 100m, 103m]);
        var none = rule.Decide([100m, 100m, 100m, 100.5m]);

        // 97 is 2.27 % under the mean of 99.25, 103 is 2.23 % over 100.75: confidence 0.5 + 0.1 × (2.27 − 1), rounded.
        Assert.Equal(new DemoCall(SignalAction.Buy, 0.63m, 97m * 1.002m, 97m * 0.9975m), buy);
        Assert.Equal(new DemoCall(SignalAction.Sell, 0.62m, 103m * 0.998m, 103m * 1.0025m), sell);
        Assert.Null(none);
    }

    [Fact]
    public void Breakout_trades_a_break_of_the_windows_high_or_low_and_nothing_inside_it()
    {
        var rule = new BreakoutRule(window: 3);

        Assert.Equal(SignalAction.Buy, rule.Decide([100m, 102m, 101m, 102.1m])!.Action);
        Assert.Equal(SignalAction.Sell, rule.Decide([100m, 102m, 101m, 99.9m])!.Action);
        Assert.Null(rule.Decide([100m, 102m, 101m, 102m]));
        Assert.Equal((102.1m * 1.004m, 102.1m * 0.998m), (rule.Decide([100m, 102m, 101m, 102.1m])!.TakeProfit, rule.Decide([100m, 102m, 101m, 102.1m])!.StopLoss));
    }

    [Fact]
    public void A_strategy_waits_for_its_history_then_keeps_quiet_for_its_cooldown_after_a_call()
    {
        var strategy = new DemoStrategy(new BreakoutRule(window: 2), "BTCUSDT");
        var calls = new List<int>();

        // Rising every step: a breakout at every price once the history is there, but one per cooldown (60 prices).
        for (var i = 0; i < 130; i++)
        {
            if (strategy.OnPrice(100m + i) is not null)
            {
                calls.Add(i);
            }
        }

        Assert.Equal([2, 63, 124], calls);
    }

    [Fact]
    public void The_same_seed_gives_the_same_walk_and_the_same_signals_on_whole_ticks()
    {
        static List<(int Step, string Strategy, DemoCall Call)> Run(int seed)
        {
            var walk = new DemoWalk(90_000m, 0.1m, seed);
            var strategies = new[] { new DemoStrategy(new MomentumRule(), "BTCUSDT"), new DemoStrategy(new MeanReversionRule(), "BTCUSDT"), new DemoStrategy(new BreakoutRule(), "BTCUSDT") };
            var calls = new List<(int, string, DemoCall)>();
            for (var step = 0; step < 2_000; step++)
            {
                var price = walk.Next();
                Assert.Equal(0m, price % 0.1m);
                foreach (var strategy in strategies)
                {
                    if (strategy.OnPrice(price) is { } call)
                    {
                        calls.Add((step, strategy.Rule.StrategyId, call));
                    }
                }
            }

            return calls;
        }

        var first = Run(7);

        Assert.Equal(first, Run(7));
        Assert.NotEqual(first, Run(8));
        // Every strategy trades both ways over a run of this length.
        foreach (var strategy in new[] { "momentum", "mean-reversion", "breakout" })
        {
            Assert.Contains(first, c => c.Strategy == strategy && c.Call.Action == SignalAction.Buy);
            Assert.Contains(first, c => c.Strategy == strategy && c.Call.Action == SignalAction.Sell);
        }
    }
}
