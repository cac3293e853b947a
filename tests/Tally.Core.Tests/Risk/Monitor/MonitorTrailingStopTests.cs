using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk.Monitor;

/// <summary>Trailing stops through the whole monitor: exits are filled and folded back with reason trailing_stop.</summary>
public class MonitorTrailingStopTests
{
    [Fact]
    public void A_long_trails_the_highest_price_and_exits_at_the_tick_that_reaches_its_stop()
    {
        var h = new MonitorHarness();
        h.Long("A", "SOLUSDT", 1m, 100m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 101m));
        Assert.Equal(100.495m, h.StopOf("A", "SOLUSDT")); // 101 × (1 − 0.5 %)
        Assert.Empty(h.Tick(2, "SOLUSDT", 102m));
        Assert.Equal(101.49m, h.StopOf("A", "SOLUSDT")); // 102 × 0.995
        Assert.Empty(h.Tick(3, "SOLUSDT", 101.5m));

        var exit = Assert.Single(h.Tick(4, "SOLUSDT", 101.49m));
        Assert.Equal(("A", "SOLUSDT_LONG", 1m, 101.49m, RiskExitReason.TrailingStop), (exit.StrategyPositionId, exit.ExchangePositionKey, exit.Quantity, exit.Price, exit.Reason));
        Assert.Equal(CloseReason.TrailingStop, exit.CloseReason);

        var closed = h.Position("A", "SOLUSDT");
        Assert.Equal(StrategyPositionStatus.Closed, closed.Status);
        Assert.Equal(CloseReason.TrailingStop, closed.CloseReason);
        Assert.Equal(1.49m, closed.RealizedPnl);
        Assert.Equal(10_001.49m, h.Sim.Wallet);
        Assert.Equal(
            [RiskEventType.PositionOpened, RiskEventType.ForceExitRequired, RiskEventType.PositionClosed],
            h.Sim.Events.Where(e => e.StrategyPositionId == "A").Select(e => e.Type));
    }

    [Fact]
    public void A_short_trails_the_lowest_price_and_exits_when_a_tick_rises_to_its_stop()
    {
        var h = new MonitorHarness();
        h.Short("S", "SOLUSDT", 1m, 100m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 99m));
        Assert.Equal(99.495m, h.StopOf("S", "SOLUSDT")); // 99 × 1.005
        Assert.Empty(h.Tick(2, "SOLUSDT", 98m));
        Assert.Equal(98.49m, h.StopOf("S", "SOLUSDT"));
        Assert.Empty(h.Tick(3, "SOLUSDT", 98.4m));

        var exit = Assert.Single(h.Tick(4, "SOLUSDT", 98.49m));
        Assert.Equal(("S", "SOLUSDT_SHORT", 98.49m, Side.Buy), (exit.StrategyPositionId, exit.ExchangePositionKey, exit.Price, exit.OrderSide));
        Assert.Equal(1.51m, h.Position("S", "SOLUSDT").RealizedPnl); // 100 − 98.49
    }

    [Fact]
    public void A_long_with_an_activation_price_has_no_stop_until_a_tick_reaches_it()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingActivation = 0.01m }); // activation 100 × 1.01 = 101
        h.Long("A", "SOLUSDT", 1m, 100m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 99m));
        Assert.Null(h.StopOf("A", "SOLUSDT"));
        Assert.Empty(h.Tick(2, "SOLUSDT", 95m)); // far below any stop, but none yet
        Assert.Empty(h.Tick(3, "SOLUSDT", 100.9m));
        Assert.Null(h.StopOf("A", "SOLUSDT"));

        Assert.Empty(h.Tick(4, "SOLUSDT", 101m));
        Assert.Equal(100.495m, h.StopOf("A", "SOLUSDT"));
        Assert.Empty(h.Tick(5, "SOLUSDT", 100.5m));
        Assert.Equal(100.495m, Assert.Single(h.Tick(6, "SOLUSDT", 100.495m)).Price);
    }

    [Fact]
    public void A_short_with_an_activation_price_starts_trailing_once_a_tick_falls_to_it()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingActivation = 0.01m }); // activation 100 × 0.99 = 99
        h.Short("S", "SOLUSDT", 1m, 100m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 101m));
        Assert.Empty(h.Tick(2, "SOLUSDT", 99.2m));
        Assert.Null(h.StopOf("S", "SOLUSDT"));

        Assert.Empty(h.Tick(3, "SOLUSDT", 99m));
        Assert.Equal(99.495m, h.StopOf("S", "SOLUSDT"));
        Assert.Empty(h.Tick(4, "SOLUSDT", 98m));
        Assert.Equal(98.49m, Assert.Single(h.Tick(5, "SOLUSDT", 98.49m)).Price);
    }

    [Fact]
    public void Binance_documented_case_7_percent_from_40000_triggers_at_42315()
    {
        // Ticks 6 minutes apart so BTC's own 5-minute high never makes a correlated dump of the 39,500 dip.
        var h = new MonitorHarness(new RiskSettings { TrailingDistanceMajor = 0.07m });
        h.Long("B", "BTCUSDT", 0.01m, 40_000m);

        Assert.Empty(h.Tick(360, "BTCUSDT", 42_000m));
        Assert.Equal(39_060m, h.StopOf("B", "BTCUSDT")); // 42,000 × 0.93
        Assert.Empty(h.Tick(720, "BTCUSDT", 39_500m)); // holds
        Assert.Empty(h.Tick(1080, "BTCUSDT", 45_500m));
        Assert.Equal(42_315m, h.StopOf("B", "BTCUSDT")); // 45,500 × 0.93
        Assert.Empty(h.Tick(1440, "BTCUSDT", 42_316m));

        var exit = Assert.Single(h.Tick(1800, "BTCUSDT", 42_315m));
        Assert.Equal((42_315m, RiskExitReason.TrailingStop), (exit.Price, exit.Reason));
        Assert.Equal(23.15m, h.Position("B", "BTCUSDT").RealizedPnl); // (42,315 − 40,000) × 0.01
    }

    [Fact]
    public void A_closed_position_is_not_exited_twice()
    {
        var h = new MonitorHarness();
        h.Long("A", "SOLUSDT", 1m, 100m);
        Assert.Single(h.Tick(1, "SOLUSDT", 99m));

        Assert.Empty(h.Tick(2, "SOLUSDT", 90m));
        Assert.Empty(h.Tick(20, "SOLUSDT", 80m));
        Assert.Single(h.Sim.Exits);
        Assert.Equal(0, h.Monitor.OpenCount);
    }

    [Fact]
    public void A_position_closed_by_hand_leaves_the_stop_book()
    {
        var h = new MonitorHarness();
        h.Long("A", "SOLUSDT", 1m, 100m);
        h.CloseByHand("A", "SOLUSDT", 1, 100.2m);

        Assert.Empty(h.Tick(2, "SOLUSDT", 90m));
        Assert.Equal(CloseReason.Manual, h.Position("A", "SOLUSDT").CloseReason);
        Assert.Single(h.EventsOf(RiskEventType.PositionClosed));
    }

    [Fact]
    public void A_tick_moves_only_the_stops_of_its_own_symbol()
    {
        var h = new MonitorHarness();
        h.Long("S", "SOLUSDT", 1m, 100m);
        h.Long("X", "XRPUSDT", 1m, 100m);

        var exit = Assert.Single(h.Tick(1, "XRPUSDT", 99m)); // XRP's stop 99.5 reached
        Assert.Equal("X", exit.StrategyPositionId);
        Assert.Empty(h.Tick(2, "XRPUSDT", 200m));

        Assert.Equal(99.5m, h.StopOf("S", "SOLUSDT")); // SOL saw no tick: still 100 × 0.995
        Assert.Equal(StrategyPositionStatus.Open, h.Position("S", "SOLUSDT").Status);
        Assert.Empty(h.Tick(3, "SOLUSDT", 99.6m));
    }

    [Fact]
    public void Watched_take_profit_and_stop_loss_exit_with_their_own_reasons()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingDistanceRegular = 0.5m });
        h.Long("L", "SOLUSDT", 1m, 100m, takeProfit: 103m, stopLoss: 98m);
        h.Short("S", "XRPUSDT", 1m, 100m, takeProfit: 95m, stopLoss: 102m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 102.9m));
        Assert.Equal(RiskExitReason.TakeProfit, Assert.Single(h.Tick(2, "SOLUSDT", 103m)).Reason);
        Assert.Empty(h.Tick(3, "XRPUSDT", 101.9m));
        Assert.Equal(RiskExitReason.StopLoss, Assert.Single(h.Tick(4, "XRPUSDT", 102m)).Reason);

        Assert.Equal(CloseReason.TakeProfit, h.Position("L", "SOLUSDT").CloseReason);
        Assert.Equal(CloseReason.StopLoss, h.Position("S", "XRPUSDT").CloseReason);
        Assert.Equal(3m - 2m, h.Sim.Wallet - 10_000m);
    }

    [Fact]
    public void Take_profit_and_stop_loss_are_not_watched_when_turned_off()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingDistanceRegular = 0.5m, WatchTakeProfitStopLoss = false });
        h.Long("L", "SOLUSDT", 1m, 100m, takeProfit: 103m, stopLoss: 98m);

        Assert.Empty(h.Tick(1, "SOLUSDT", 103m));
        Assert.Empty(h.Tick(2, "SOLUSDT", 97m));
    }

    [Fact]
    public void Exit_reasons_map_onto_close_reasons_in_one_place()
    {
        Assert.Equal(
            [CloseReason.TrailingStop, CloseReason.TakeProfit, CloseReason.StopLoss, CloseReason.Dump, CloseReason.Correlation, CloseReason.HoldTime, CloseReason.Health, CloseReason.CircuitBreaker, CloseReason.Manual],
            Enum.GetValues<RiskExitReason>().Select(r => r.ToCloseReason()));
        Assert.Equal("hold_time", RiskExitReason.HoldTime.ToWireName());
    }
}
