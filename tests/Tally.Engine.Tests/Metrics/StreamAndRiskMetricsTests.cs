using Tally.Core.Risk;
using Tally.Engine.Metrics;
using Tally.Engine.Risk;
using Tally.Engine.Service;

namespace Tally.Engine.Tests.Metrics;

public sealed class StreamAndRiskMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AccountState.Starting, 0)]
    [InlineData(AccountState.Connecting, 0)]
    [InlineData(AccountState.CatchingUp, 1)]
    [InlineData(AccountState.Live, 1)]
    [InlineData(AccountState.Retrying, 0)]
    [InlineData(AccountState.Stopped, 0)]
    public void A_stream_counts_as_connected_while_catching_up_or_live(AccountState state, int connected)
    {
        var metrics = new StreamMetrics();
        using var measured = new Measurements(metrics.Meter);

        metrics.State("binance-futures", "bot-a", state);

        Assert.Equal(connected, measured.Last("tradeengine_stream_connected", "venue=binance-futures", "account=bot-a"));
    }

    [Fact]
    public void The_first_connection_makes_the_reconnect_series_at_0_and_each_later_one_adds_1()
    {
        var metrics = new StreamMetrics();
        using var measured = new Measurements(metrics.Meter);

        metrics.Connection("binance-futures", "bot-a", first: true);
        Assert.Equal(0, measured.Sum("tradeengine_stream_reconnects_total", "account=bot-a"));
        Assert.Equal(1, measured.Count("tradeengine_stream_reconnects_total", "account=bot-a"));

        metrics.Connection("binance-futures", "bot-a", first: false);
        metrics.Connection("binance-futures", "bot-a", first: false);
        Assert.Equal(2, measured.Sum("tradeengine_stream_reconnects_total", "account=bot-a"));
    }

    [Fact]
    public void Before_any_evaluation_the_risk_gauges_show_the_state_but_no_health_or_drawdown()
    {
        var metrics = new RiskMetrics();
        using var measured = new Measurements(metrics.Meter);

        Assert.Null(measured.Observe("tradeengine_risk_breaker_level"));
        metrics.Observe(new RiskMonitor(new RiskSettings(), RiskMonitorState.Start(T0, 10_000m), 10_000m));

        Assert.Equal(0, measured.Observe("tradeengine_risk_breaker_level"));
        Assert.Equal(0, measured.Observe("tradeengine_risk_gate"));
        Assert.Equal(0, measured.Observe("tradeengine_risk_halted"));
        Assert.Equal(0, measured.Observe("tradeengine_risk_open_positions"));
        Assert.Null(measured.Observe("tradeengine_risk_health_score"));
        Assert.Null(measured.Observe("tradeengine_risk_drawdown_ratio"));
    }

    [Fact]
    public void A_halt_shows_as_breaker_level_3_halted_and_the_gate_stopping_all_trading()
    {
        var metrics = new RiskMetrics();
        using var measured = new Measurements(metrics.Meter);
        var start = RiskMonitorState.Start(T0, 10_000m);
        var halted = start with { Breaker = start.Breaker with { FiredToday = BreakerLevel.Halt, Halted = true, HaltedAt = T0 } };

        metrics.Observe(new RiskMonitor(new RiskSettings(), halted, 10_000m));

        Assert.Equal(3, measured.Observe("tradeengine_risk_breaker_level"));
        Assert.Equal(1, measured.Observe("tradeengine_risk_halted"));
        Assert.Equal(2, measured.Observe("tradeengine_risk_gate"));
    }

    [Fact]
    public void Tick_to_decision_latency_is_recorded_in_seconds()
    {
        var metrics = new RiskMetrics();
        using var measured = new Measurements(metrics.Meter);

        metrics.TickDecided(TimeSpan.FromMilliseconds(3));

        Assert.Equal(0.003, measured.Sum("tradeengine_risk_tick_to_decision"), 9);
    }
}
