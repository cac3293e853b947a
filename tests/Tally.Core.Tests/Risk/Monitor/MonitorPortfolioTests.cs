using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;

namespace Tally.Core.Tests.Risk.Monitor;

/// <summary>Dump detector, breaker, health, hold time and correlated dump through the monitor.</summary>
public class MonitorPortfolioTests
{
    // Wide trailing stops so the portfolio rules act alone.
    private static readonly RiskSettings Wide = new() { TrailingDistanceRegular = 0.5m, TrailingDistanceMajor = 0.5m };

    [Fact]
    public void Dump_exits_a_long_when_taker_pressure_and_a_momentum_break_coincide_but_not_on_either_alone()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingDistanceRegular = 0.05m });
        h.Long("A", "SOLUSDT", 1m, 100m);

        // Minutes 1–3: taker sells only.
        Assert.Empty(h.Tick(60, "SOLUSDT", 100m, 10m, Side.Sell));
        Assert.Empty(h.Tick(120, "SOLUSDT", 100m, 10m, Side.Sell)); // closes minute 1
        Assert.Empty(h.Tick(180, "SOLUSDT", 100m, 10m, Side.Sell)); // closes minute 2

        // Momentum break alone (99.4 < 100 × 0.995 = 99.5): one signal of three.
        Assert.Empty(h.Tick(200, "SOLUSDT", 99.4m));
        Assert.Empty(h.Tick(210, "SOLUSDT", 100m));

        // Minute 4's first trade closes minute 3: (a) holds, the price is at its high: still one signal.
        Assert.Empty(h.Tick(240, "SOLUSDT", 100m, 1m, Side.Buy));
        Assert.Empty(h.Tick(245, "SOLUSDT", 99.6m)); // 99.6 ≥ 99.5

        var exit = Assert.Single(h.Tick(250, "SOLUSDT", 99.4m));
        Assert.Equal((RiskExitReason.Dump, 99.4m), (exit.Reason, exit.Price));
        var dump = Assert.Single(h.EventsOf(RiskEventType.DumpDetected));
        Assert.Contains("pressure=True flow_flip=False momentum_break=True", dump.Detail, StringComparison.Ordinal);
        Assert.Equal(CloseReason.Dump, h.Position("A", "SOLUSDT").CloseReason);
    }

    [Fact]
    public void Dump_exits_every_long_of_the_symbol_on_pressure_and_a_flow_flip_without_a_momentum_break()
    {
        var h = new MonitorHarness(new RiskSettings { TrailingDistanceRegular = 0.05m });
        h.Long("A", "SOLUSDT", 1m, 100m);
        h.Long("B", "SOLUSDT", 2m, 100m);
        h.Short("S", "SOLUSDT", 1m, 100m);

        // Minutes 1–3 buy 100 each; 4 and 5 sell 10 / buy 5; 6 sell 30 / buy 5. Over 1–5 buy:sell = 310:20 ≥ 2.5,
        // in 6 sell:buy = 30:5 ≥ 2.5 (b); sell > buy in 4, 5 and 6 (a).
        (int Minute, decimal Buy, decimal Sell)[] minutes = [(1, 100m, 0m), (2, 100m, 0m), (3, 100m, 0m), (4, 5m, 10m), (5, 5m, 10m), (6, 5m, 30m)];
        foreach (var (minute, buy, sell) in minutes)
        {
            if (sell > 0m)
            {
                Assert.Empty(h.Tick(minute * 60, "SOLUSDT", 100m, sell, Side.Sell));
            }

            Assert.Empty(h.Tick((minute * 60) + 1, "SOLUSDT", 100m, buy, Side.Buy));
        }

        var exits = h.Tick(420, "SOLUSDT", 100m); // closes minute 6
        Assert.Equal(["A", "B"], exits.Select(e => e.StrategyPositionId));
        Assert.All(exits, e => Assert.Equal(RiskExitReason.Dump, e.Reason));
        Assert.All(h.EventsOf(RiskEventType.DumpDetected), e => Assert.Contains("pressure=True flow_flip=True momentum_break=False", e.Detail, StringComparison.Ordinal));
        Assert.Equal(StrategyPositionStatus.Open, h.Position("S", "SOLUSDT").Status);
    }

    [Fact]
    public void Breaker_on_the_day_start_basis_fires_each_level_once_and_the_halt_survives_a_restart_until_reset()
    {
        var h = new MonitorHarness(Wide);
        h.Long("A", "SOLUSDT", 100m, 100m);
        h.Long("B", "XRPUSDT", 100m, 100m);
        h.Tick(1, "XRPUSDT", 100m);

        // Level 1: SOL 97 → equity 10,000 − 300 = 9,700 → (10,000 − 9,700)/10,000 = 3 % → worst ⌈2/2⌉ = 1: A (−3 %).
        var level1 = h.Tick(10, "SOLUSDT", 97m);
        Assert.Equal(("A", RiskExitReason.CircuitBreaker, 97m), (Assert.Single(level1).StrategyPositionId, level1[0].Reason, level1[0].Price));
        Assert.Equal(9_700m, h.Sim.Wallet);

        // Level 2: XRP 99 → 9,700 − 100 = 9,600 → 4 % → close all (B).
        Assert.Equal("B", Assert.Single(h.Tick(20, "XRPUSDT", 99m)).StrategyPositionId);
        Assert.Equal(RiskGate.Open, h.Monitor.Gate);

        // Level 3: a new long at 97 falls to 96 → 9,600 − 100 = 9,500 → 5 %: close all and halt.
        h.Long("C", "SOLUSDT", 100m, 97m, seconds: 25);
        Assert.Equal("C", Assert.Single(h.Tick(30, "SOLUSDT", 96m)).StrategyPositionId);
        Assert.Equal(RiskGate.StopAllTrading, h.Monitor.Gate);
        Assert.Equal(3, h.EventsOf(RiskEventType.CircuitBreakerTriggered).Count());
        Assert.Single(h.EventsOf(RiskEventType.StopAllTrading));
        Assert.Equal(
            [(10_000m, 0m, BreakerLevel.None), (9_700m, 0.03m, BreakerLevel.CloseWorstHalf), (9_600m, 0.04m, BreakerLevel.CloseAll), (9_500m, 0.05m, BreakerLevel.Halt)],
            h.Sim.EquityPoints.Select(p => (p.Equity, p.Drawdown, p.Fired)));

        // A restart from the state record (as a store would keep it, here JSON): still halted, also the next day, until reset.
        var state = System.Text.Json.JsonSerializer.Deserialize<RiskMonitorState>(System.Text.Json.JsonSerializer.Serialize(h.Monitor.State))!;
        Assert.Equal(h.Monitor.State, state);
        var restarted = new MonitorHarness(Wide, balance: h.Sim.Wallet, state: state);
        Assert.Equal(RiskGate.StopAllTrading, restarted.Monitor.Gate);
        restarted.Tick(86_405, "SOLUSDT", 96m);
        Assert.True(restarted.Monitor.State.Breaker.Halted);
        Assert.Equal((new DateOnly(2026, 3, 3), 9_500m, BreakerLevel.None), (restarted.Monitor.State.Breaker.Day, restarted.Monitor.State.Breaker.DayStartEquity, restarted.Monitor.State.Breaker.FiredToday));
        Assert.Equal(RiskGate.StopAllTrading, restarted.Monitor.Gate);
        Assert.True(Assert.Single(restarted.Sim.EquityPoints).NewDay);

        restarted.Monitor.ResetHalt();
        Assert.Equal(RiskGate.Open, restarted.Monitor.Gate);
    }

    [Fact]
    public void Breaker_on_the_peak_basis_measures_from_the_days_highest_equity()
    {
        // SOL 105 → equity 10,500 (the peak); 101.85 → 10,185: (10,500 − 10,185)/10,500 = 3 %. From the day start it is a gain.
        var peak = new MonitorHarness(Wide with { BreakerBasis = BreakerBasis.Peak });
        var dayStart = new MonitorHarness(Wide);
        foreach (var h in (MonitorHarness[])[peak, dayStart])
        {
            h.Long("A", "SOLUSDT", 100m, 100m);
            h.Tick(1, "SOLUSDT", 105m);
        }

        var exit = Assert.Single(peak.Tick(10, "SOLUSDT", 101.85m));
        Assert.Equal(RiskExitReason.CircuitBreaker, exit.Reason);
        Assert.Equal((10_185m, 10_500m, 0.03m), (peak.Sim.EquityPoints[^1].Equity, peak.Sim.EquityPoints[^1].Basis, peak.Sim.EquityPoints[^1].Drawdown));
        Assert.Equal(10_185m, peak.Sim.Wallet);

        Assert.Empty(dayStart.Tick(10, "SOLUSDT", 101.85m));
    }

    [Fact]
    public void Health_below_50_stops_new_entries_and_tightens_the_stops_which_the_next_tick_then_reaches()
    {
        var h = new MonitorHarness(Wide);
        h.Long("S", "SOLUSDT", 10m, 100m);
        h.Long("X", "XRPUSDT", 10m, 100m);
        h.Long("D", "ADAUSDT", 10m, 100m);
        h.Tick(1, "SOLUSDT", 100m);
        Assert.Equal(80m, h.Monitor.LastEvaluation!.Health.Total); // P 20 + Q 30 + C 20 + T 10

        h.Tick(2, "SOLUSDT", 99m);
        h.Tick(3, "XRPUSDT", 99m);
        h.Tick(4, "ADAUSDT", 99m);
        Assert.Empty(h.Tick(10, "ADAUSDT", 99m));

        // Each −10: equity 9,970, today −0.3 % → P = 40 × 4.7/10 = 18.8; Q = 0; C = 20 (equal notionals); T = 10.
        var score = h.Monitor.LastEvaluation!.Health;
        Assert.Equal((18.8m, 0m, 10m), (score.Pnl, score.Quality, score.Time));
        Assert.Equal(48.8m, Math.Round(score.Total, 10));
        Assert.Equal(RiskGate.StopNewEntries, h.Monitor.Gate);
        Assert.Single(h.EventsOf(RiskEventType.PortfolioHealthDegraded));
        Assert.Single(h.EventsOf(RiskEventType.StopNewEntries));

        // Tightened: SOL's distance min(50 %, 0.3 %) from H = 100 → stop 99.7, and a tick at 99 reaches it.
        Assert.Equal(99.7m, h.StopOf("S", "SOLUSDT"));
        var exit = Assert.Single(h.Tick(11, "SOLUSDT", 99m));
        Assert.Equal(("S", RiskExitReason.TrailingStop), (exit.StrategyPositionId, exit.Reason));
    }

    [Fact]
    public void A_scalping_position_exits_at_30_minutes_and_others_stay()
    {
        var h = new MonitorHarness(Wide with { ScalpingStrategies = new HashSet<string>(StringComparer.Ordinal) { "scalper" } });
        h.Long("A", "SOLUSDT", 1m, 100m, strategy: "scalper");
        h.Long("B", "XRPUSDT", 1m, 100m, strategy: "swing");

        Assert.Empty(h.Tick(1_799, "SOLUSDT", 100.5m)); // 29:59

        var exit = Assert.Single(h.Tick(1_800, "SOLUSDT", 100.5m));
        Assert.Equal(("A", RiskExitReason.HoldTime, 100.5m), (exit.StrategyPositionId, exit.Reason, exit.Price));
        Assert.Equal("A", Assert.Single(h.EventsOf(RiskEventType.MaxHoldTimeExceeded)).StrategyPositionId);
        Assert.Equal(CloseReason.HoldTime, h.Position("A", "SOLUSDT").CloseReason);
        Assert.Empty(h.Tick(100_000, "XRPUSDT", 100m));
        Assert.Equal(StrategyPositionStatus.Open, h.Position("B", "XRPUSDT").Status);
    }

    [Fact]
    public void A_leader_at_98_5_percent_of_its_5_minute_high_exits_the_longs_correlated_to_it()
    {
        var h = new MonitorHarness(Wide);
        h.Long("E", "ETHUSDT", 0.01m, 2_000m);
        h.Long("S", "SOLUSDT", 1m, 100m);
        h.Tick(1, "BTCUSDT", 100_000m);
        h.Tick(2, "ETHUSDT", 2_000m);
        h.Tick(3, "SOLUSDT", 100m);

        Assert.Empty(h.Tick(60, "BTCUSDT", 98_501m)); // above 100,000 × 0.985

        // 98,500: dumped. Too few minutes to measure: ETH (a major) is assumed 0.75 ≥ 0.7, SOL 0.5.
        var exit = Assert.Single(h.Tick(70, "BTCUSDT", 98_500m));
        Assert.Equal(("E", RiskExitReason.Correlation, 2_000m), (exit.StrategyPositionId, exit.Reason, exit.Price));
        Assert.Contains("class default", Assert.Single(h.EventsOf(RiskEventType.CorrelatedDumpDetected)).Detail, StringComparison.Ordinal);
        Assert.Equal(StrategyPositionStatus.Open, h.Position("S", "SOLUSDT").Status);
    }

    [Fact]
    public void Force_close_by_key_asks_to_exit_each_position_on_it_with_reason_manual()
    {
        var h = new MonitorHarness(Wide);
        h.Long("A", "SOLUSDT", 1m, 100m);
        h.Long("B", "SOLUSDT", 1m, 101m);
        var output = new RiskOutput();

        Assert.Equal(2, h.Monitor.ForceClose(Fill.DefaultVenue, Fill.DefaultAccount, "SOLUSDT_LONG", At(5), output));
        Assert.Equal([RiskExitReason.Manual, RiskExitReason.Manual], output.Exits.Select(e => e.Reason));
        Assert.All(output.Events, e => Assert.Equal(RiskEventType.ForceExitRequired, e.Type));
        Assert.Equal(0, h.Monitor.ForceClose(Fill.DefaultVenue, Fill.DefaultAccount, "A", At(6), output)); // already asked
    }
}
