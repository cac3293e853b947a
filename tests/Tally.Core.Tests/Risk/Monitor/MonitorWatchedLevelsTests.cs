using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;

namespace Tally.Core.Tests.Risk.Monitor;

/// <summary>
/// What the live monitor adds for venues that do not hold take-profit / stop-loss orders: the market key (spot
/// positions on their own tick stream), <see cref="RiskMonitor.WatchLevels"/>, and back-filled candles
/// (<see cref="RiskMonitor.OnCandle"/>).
/// </summary>
public class MonitorWatchedLevelsTests
{
    private const string Spot = "binance-spot";
    private const string Futures = "binance-usdm";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    // Levels are not watched by default here (the venue holds them); trailing stops wide enough to stay out of the way.
    private static readonly RiskSettings NotWatched = new() { WatchTakeProfitStopLoss = false, TrailingDistanceRegular = 0.5m, TrailingDistanceMajor = 0.5m };

    private static string Market(StrategyPosition p) => p.Venue == Spot ? "spot:" + p.Symbol : p.Symbol;

    [Fact]
    public void A_spot_positions_take_profit_is_reached_on_its_own_markets_ticks_and_not_on_the_usdm_ticks_of_the_same_symbol()
    {
        var monitor = new RiskMonitor(NotWatched, RiskMonitorState.Start(T0, 10_000m), 10_000m, Market);
        var output = new RiskOutput();
        monitor.Track(Position(Spot, "A", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m), T0, output);
        monitor.Track(Position(Futures, "F", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m), T0, output);
        monitor.WatchLevels(Spot, "main", "SOLUSDT", "A", T0, output);
        output.Clear();

        // The USD-M market passes both positions' take-profit: the spot one is not on it, the USD-M one's levels the venue holds.
        monitor.OnTick(new RiskTick(T0.AddSeconds(1), "SOLUSDT", 104m), output);
        monitor.OnTick(new RiskTick(T0.AddSeconds(2), "spot:SOLUSDT", 102.9m), output);
        Assert.Empty(output.Exits);

        monitor.OnTick(new RiskTick(T0.AddSeconds(3), "spot:SOLUSDT", 103m), output);
        var exit = Assert.Single(output.Exits);
        Assert.Equal((Spot, "SOLUSDT", "A", RiskExitReason.TakeProfit, 103m), (exit.Venue, exit.Symbol, exit.StrategyPositionId, exit.Reason, exit.Price));
        Assert.Equal(CloseReason.TakeProfit, exit.CloseReason);
        Assert.Contains(output.Events, e => e.Type == RiskEventType.ForceExitRequired && e.Detail == "take_profit 103 reached at 103");

        // The spot position is valued at the spot market's price (103 − 100), the USD-M one at the USD-M price (104 − 100).
        Assert.Equal(103m, monitor.Find(Spot, "main", "SOLUSDT", "A")!.LastPrice);
        Assert.Equal(104m, monitor.Find(Futures, "main", "SOLUSDT", "F")!.LastPrice);
    }

    [Fact]
    public void Watching_the_levels_when_the_last_price_already_passed_the_stop_loss_asks_for_the_exit_at_once_and_only_once()
    {
        var monitor = new RiskMonitor(NotWatched, RiskMonitorState.Start(T0, 10_000m), 10_000m, Market);
        var output = new RiskOutput();
        monitor.Track(Position(Spot, "A", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m), T0, output);
        monitor.OnTick(new RiskTick(T0.AddSeconds(1), "spot:SOLUSDT", 97.5m), output);
        output.Clear();

        monitor.WatchLevels(Spot, "main", "SOLUSDT", "A", T0.AddSeconds(2), output);
        var exit = Assert.Single(output.Exits);
        Assert.Equal((RiskExitReason.StopLoss, 97.5m, T0.AddSeconds(2)), (exit.Reason, exit.Price, exit.At));
        Assert.Contains(output.Events, e => e.Type == RiskEventType.ForceExitRequired && e.Detail == "stop_loss 98 reached at 97.5");

        output.Clear();
        monitor.WatchLevels(Spot, "main", "SOLUSDT", "A", T0.AddSeconds(3), output);
        monitor.OnTick(new RiskTick(T0.AddSeconds(4), "spot:SOLUSDT", 97m), output);
        Assert.Empty(output.Exits);
    }

    [Fact]
    public void Watching_the_levels_twice_exits_once_and_an_unknown_position_is_ignored()
    {
        var monitor = new RiskMonitor(NotWatched, RiskMonitorState.Start(T0, 10_000m), 10_000m, Market);
        var output = new RiskOutput();
        monitor.Track(Position(Futures, "F", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m), T0, output);
        output.Clear();

        monitor.WatchLevels(Futures, "main", "SOLUSDT", "F", T0, output);
        monitor.WatchLevels(Futures, "main", "SOLUSDT", "F", T0, output);
        monitor.WatchLevels(Futures, "main", "SOLUSDT", "nobody", T0, output);
        Assert.True(output.IsEmpty);

        monitor.OnTick(new RiskTick(T0.AddSeconds(1), "SOLUSDT", 97.9m), output);
        var exit = Assert.Single(output.Exits);
        Assert.Equal(RiskExitReason.StopLoss, exit.Reason);
        output.Clear();
        monitor.OnTick(new RiskTick(T0.AddSeconds(2), "SOLUSDT", 97m), output);
        Assert.Empty(output.Exits);
    }

    [Fact]
    public void A_changed_take_profit_of_a_watched_position_is_watched_at_its_new_price()
    {
        var monitor = new RiskMonitor(NotWatched, RiskMonitorState.Start(T0, 10_000m), 10_000m, Market);
        var output = new RiskOutput();
        var position = Position(Spot, "A", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: null);
        monitor.Track(position, T0, output);
        monitor.WatchLevels(Spot, "main", "SOLUSDT", "A", T0, output);
        monitor.Track(position with { TakeProfitPrice = 105m }, T0, output);
        output.Clear();

        monitor.OnTick(new RiskTick(T0.AddSeconds(1), "spot:SOLUSDT", 104m), output);
        Assert.Empty(output.Exits);
        monitor.OnTick(new RiskTick(T0.AddSeconds(2), "spot:SOLUSDT", 105m), output);
        Assert.Equal(RiskExitReason.TakeProfit, Assert.Single(output.Exits).Reason);
    }

    [Fact]
    public void Back_filled_candles_of_a_disconnect_give_the_dump_detector_its_pressure_which_flat_gap_candles_do_not()
    {
        // Minute 0 partly seen (sell 10), then the feed is gone for minutes 1–2; at 03:00 a tick at 99.4 breaks momentum
        // (99.4 < 100 × 0.995). Back-filled: minutes 0–2 sold more than bought (pressure) → two signals → dump exit.
        var settings = new RiskSettings { TrailingDistanceRegular = 0.05m };
        RiskOutput Run(bool backFill)
        {
            var monitor = new RiskMonitor(settings, RiskMonitorState.Start(T0, 10_000m), 10_000m);
            var output = new RiskOutput();
            monitor.Track(Position(Futures, "A", "SOLUSDT", 100m, takeProfit: null, stopLoss: null), T0, output);
            monitor.OnTick(new RiskTick(T0.AddSeconds(30), "SOLUSDT", 100m, 10m, Side.Sell), output);
            if (backFill)
            {
                monitor.OnCandle("SOLUSDT", Candle.FromKline(T0, 100m, 100m, 100m, 100m, volume: 12m, takerBuyVolume: 1m));
                monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(1), 100m, 100m, 100m, 100m, volume: 20m, takerBuyVolume: 0m));
                monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(2), 100m, 100m, 100m, 100m, volume: 30m, takerBuyVolume: 0m));
            }

            output.Clear();
            monitor.OnTick(new RiskTick(T0.AddMinutes(3), "SOLUSDT", 99.4m), output);
            return output;
        }

        Assert.Empty(Run(backFill: false).Exits);
        var dumped = Run(backFill: true);
        Assert.Equal(RiskExitReason.Dump, Assert.Single(dumped.Exits).Reason);
        Assert.Contains("pressure=True", Assert.Single(dumped.Events, e => e.Type == RiskEventType.DumpDetected).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_back_filled_candle_replaces_a_flat_gap_candle_but_not_one_built_from_trades_and_twice_changes_nothing()
    {
        var monitor = new RiskMonitor(new RiskSettings { TrailingDistanceRegular = 0.05m }, RiskMonitorState.Start(T0, 10_000m), 10_000m);
        var output = new RiskOutput();
        monitor.Track(Position(Futures, "A", "SOLUSDT", 100m, takeProfit: null, stopLoss: null), T0, output);
        monitor.OnTick(new RiskTick(T0.AddSeconds(30), "SOLUSDT", 100m, 10m, Side.Sell), output);
        monitor.OnTick(new RiskTick(T0.AddMinutes(3), "SOLUSDT", 100m), output); // closes minute 0; 1 and 2 flat, no volume

        // Minute 0 was built from trades (sell 10): a back-filled buy-heavy candle of it is ignored.
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0, 100m, 100m, 100m, 100m, volume: 1000m, takerBuyVolume: 1000m));
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(1), 100m, 100m, 100m, 100m, volume: 20m, takerBuyVolume: 0m));
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(2).AddSeconds(59), 100m, 100m, 100m, 100m, volume: 30m, takerBuyVolume: 0m));
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(2), 100m, 100m, 100m, 100m, volume: 30m, takerBuyVolume: 0m));
        output.Clear();

        monitor.OnTick(new RiskTick(T0.AddMinutes(3).AddSeconds(1), "SOLUSDT", 99.4m), output);
        Assert.Equal(RiskExitReason.Dump, Assert.Single(output.Exits).Reason);
    }

    [Fact]
    public void A_back_filled_candle_of_the_minute_in_progress_replaces_the_partial_one()
    {
        var monitor = new RiskMonitor(new RiskSettings { TrailingDistanceRegular = 0.05m }, RiskMonitorState.Start(T0, 10_000m), 10_000m);
        var output = new RiskOutput();
        monitor.Track(Position(Futures, "A", "SOLUSDT", 100m, takeProfit: null, stopLoss: null), T0, output);
        monitor.OnTick(new RiskTick(T0.AddSeconds(5), "SOLUSDT", 100m, 50m, Side.Buy), output); // minute 0, buy-heavy so far

        // The feed drops; the back-fill brings minute 0 final (sell 70 > buy 50) and minutes 1–2 (sells only).
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0, 100m, 100m, 100m, 100m, volume: 120m, takerBuyVolume: 50m));
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(1), 100m, 100m, 100m, 100m, volume: 10m, takerBuyVolume: 0m));
        monitor.OnCandle("SOLUSDT", Candle.FromKline(T0.AddMinutes(2), 100m, 100m, 100m, 100m, volume: 10m, takerBuyVolume: 0m));
        output.Clear();

        // A late trade of minute 0 moves the price only; the next tick at 99.4 breaks momentum.
        monitor.OnTick(new RiskTick(T0.AddSeconds(50), "SOLUSDT", 100m, 500m, Side.Buy), output);
        Assert.Empty(output.Exits);
        monitor.OnTick(new RiskTick(T0.AddMinutes(3), "SOLUSDT", 99.4m), output);
        Assert.Equal(RiskExitReason.Dump, Assert.Single(output.Exits).Reason);
    }

    private static StrategyPosition Position(string venue, string id, string symbol, decimal entry, decimal? takeProfit, decimal? stopLoss)
    {
        var kind = venue == Spot ? InstrumentKind.Spot : InstrumentKind.Linear;
        return new StrategyPosition(
            id, "s1", venue, "main", symbol, PositionSide.Both, PositionDirection.Long, 1m, entry, T0, takeProfit, stopLoss,
            StrategyPositionStatus.Open, 1m, null, null, null, 0m, 0m, [], [], null, $"{symbol}:BOTH", 1, 1,
            Instrument.Create(symbol, kind, symbol[..^4], "USDT"), entry);
    }
}
