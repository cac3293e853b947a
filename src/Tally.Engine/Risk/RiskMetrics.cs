using System.Diagnostics.Metrics;
using Tally.Core.Risk;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;

namespace Tally.Engine.Risk;

/// <summary>
/// The risk monitor's instruments on the <c>Tally</c> meter, fed by <see cref="RiskMonitorService"/>: observable
/// gauges of its latest evaluation and state (health score, drawdown, breaker level, gate, halt) and the
/// tick-to-decision latency histogram (from a market tick's receipt to the end of the monitor's step on it).
/// </summary>
/// <remarks>Thread safe: the service publishes an immutable snapshot; the gauges read the latest one when scraped.</remarks>
public sealed class RiskMetrics
{
    private readonly Histogram<double> _latency;
    private volatile Snapshot? _latest;

    /// <param name="meters">The host's factory; null creates a meter of its own.</param>
    public RiskMetrics(IMeterFactory? meters = null)
    {
        var meter = Meter = meters?.Create(DispatchMetrics.MeterName) ?? new Meter(DispatchMetrics.MeterName);
        _latency = meter.CreateHistogram<double>(
            "tradeengine_risk_tick_to_decision",
            unit: "s",
            description: "From a market tick's receipt to the end of the risk monitor's step on it (evaluation, and any events journalled and exits handed on).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        meter.CreateObservableGauge("tradeengine_risk_health_score", () => Read(s => s.Health), description: "Portfolio health score of the latest evaluation, 0-100 (sum of its four parts).");
        meter.CreateObservableGauge("tradeengine_risk_drawdown_ratio", () => Read(s => s.Drawdown), description: "Drawdown of the latest evaluation as a fraction of the breaker's basis (0.05 = 5 %).");
        meter.CreateObservableGauge("tradeengine_risk_breaker_level", () => Read(s => s.Breaker), description: "Highest circuit-breaker level fired today: 0 none, 1 close worst half, 2 close all, 3 halt.");
        meter.CreateObservableGauge("tradeengine_risk_gate", () => Read(s => s.Gate), description: "The gate on new orders: 0 open, 1 stop new entries, 2 stop all trading.");
        meter.CreateObservableGauge("tradeengine_risk_halted", () => Read(s => s.Halted), description: "1 while the breaker's halt is on (until tally risk reset), else 0.");
        meter.CreateObservableGauge("tradeengine_risk_open_positions", () => Read(s => s.OpenPositions), description: "Strategy positions the risk monitor watches now.");
    }

    /// <summary>The meter its instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>The monitor's state after a step (from the monitor's task).</summary>
    public void Observe(RiskMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var e = monitor.LastEvaluation;
        var breaker = monitor.State.Breaker;
        _latest = new Snapshot(
            e is null ? null : (double)e.Health.Total,
            e is null ? null : (double)e.Drawdown,
            breaker.FiredToday switch
            {
                BreakerLevel.None => 0,
                BreakerLevel.CloseWorstHalf => 1,
                BreakerLevel.CloseAll => 2,
                BreakerLevel.Halt => 3,
            },
            monitor.Gate switch
            {
                RiskGate.Open => 0,
                RiskGate.StopNewEntries => 1,
                RiskGate.StopAllTrading => 2,
            },
            breaker.Halted ? 1 : 0,
            monitor.OpenCount);
    }

    /// <summary>A tick's step ended <paramref name="elapsed"/> after the tick was received.</summary>
    public void TickDecided(TimeSpan elapsed) => _latency.Record(elapsed.TotalSeconds);

    private IEnumerable<Measurement<double>> Read(Func<Snapshot, double?> value) =>
        _latest is { } s && value(s) is { } v ? [new Measurement<double>(v)] : [];

    private sealed record Snapshot(double? Health, double? Drawdown, double Breaker, double Gate, double Halted, double OpenPositions);
}
