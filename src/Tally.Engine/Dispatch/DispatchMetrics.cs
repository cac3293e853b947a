using System.Diagnostics.Metrics;
using Tally.Core.Attribution;
using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>
/// The dispatcher's counters on the <c>Tally</c> meter: strategy positions opened and closed (by close reason)
/// and signals by decision (exposed at /metrics by whoever hosts a metrics exporter).
/// </summary>
public sealed class DispatchMetrics : IDisposable
{
    public const string MeterName = "Tally";

    private readonly Meter _meter;
    private readonly Counter<long> _opened;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _signals;

    /// <param name="meters">The host's factory; null creates a meter of its own.</param>
    public DispatchMetrics(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _opened = _meter.CreateCounter<long>("tradeengine_strategy_positions_opened_total", description: "Strategy positions opened by an entry fill.");
        _closed = _meter.CreateCounter<long>("tradeengine_strategy_positions_closed_total", description: "Strategy positions closed, by close_reason.");
        _signals = _meter.CreateCounter<long>("tradeengine_signals_total", description: "Signals received, by decision (accepted or rejected).");
    }

    public Meter Meter => _meter;

    public void PositionOpened() => _opened.Add(1);

    public void PositionClosed(CloseReason reason) => _closed.Add(1, new KeyValuePair<string, object?>("close_reason", AttributionWireNames.ToWireName(reason)));

    public void Signal(SignalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _signals.Add(1, new KeyValuePair<string, object?>("decision", decision.DecisionName));
    }

    public void Dispose() => _meter.Dispose();
}
