namespace Tally.Core;

/// <summary>What applying one fill did.</summary>
/// <param name="RealizedPnl">Price PnL realized by this fill, before fees, in the settlement asset.</param>
/// <param name="SignedQuantityAfter">Position quantity after the fill: + long, − short, 0 flat.</param>
/// <param name="AverageEntryPriceAfter">Null when the position is flat afterwards.</param>
/// <param name="Anomaly">Set when the venue's fill cannot be applied as reported (hedge-mode over-reduce).</param>
/// <param name="ClosedCycle">The cycle this fill ended, if any (a flip ends one and starts the next).</param>
public readonly record struct FillOutcome(
    PositionKey Key,
    PositionAction Action,
    decimal RealizedPnl,
    decimal SignedQuantityAfter,
    decimal? AverageEntryPriceAfter,
    string? Anomaly,
    CycleSummary? ClosedCycle);
