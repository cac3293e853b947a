using Tally.Core;

namespace Tally.Storage.Live;

/// <summary>
/// What one committed transaction of the <see cref="FillLog"/> changed, published on <see cref="FillLog.Changes"/>
/// after the commit (never before, never for a rolled-back one). Subscribers (the dashboard's live feed, notifications,
/// metrics) learn of this process's writes only; another process's writes reach them through the store.
/// </summary>
public abstract record LogChange(DateTimeOffset At);

/// <summary>A batch of fills or funding payments committed: per new fill what it did to its position and to strategy positions.</summary>
public sealed record FillsCommitted(DateTimeOffset At, IngestReport Report) : LogChange(At);

/// <summary>A signal and its decision recorded for the first time (a repeated id publishes nothing).</summary>
public sealed record SignalRecorded(DateTimeOffset At, StoredSignal Signal) : LogChange(At);

/// <summary>Risk events journalled by the monitor (with its state, when it changed).</summary>
public sealed record RiskJournalled(DateTimeOffset At, IReadOnlyList<StoredRiskEvent> Events, StoredRiskState? State) : LogChange(At);

/// <summary>The monitor's state changed from outside the engine (<c>tally risk reset</c>).</summary>
public sealed record RiskStateChanged(DateTimeOffset At, StoredRiskState State) : LogChange(At);

/// <summary>A request (force close, reset) left for the running engine.</summary>
public sealed record RiskRequested(DateTimeOffset At, RiskRequest Request) : LogChange(At);

/// <summary>What one new fill did to its exchange position (the ledger's layer), in the batch's fold order.</summary>
/// <param name="SignedQuantityAfter">The position's quantity after the fill: + long, − short, 0 flat.</param>
/// <param name="AverageEntryPriceAfter">Null when the position is flat afterwards.</param>
/// <param name="ClosedCycle">The cycle this fill ended (a close or a flip), with its PnL; null otherwise.</param>
public sealed record PositionEffect(
    Fill Fill,
    PositionAction Action,
    decimal RealizedPnl,
    decimal SignedQuantityAfter,
    decimal? AverageEntryPriceAfter,
    CycleSummary? ClosedCycle);
