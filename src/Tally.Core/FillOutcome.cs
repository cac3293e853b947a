namespace Tally.Core;

/// <summary>What applying one fill did. A value type: applying a fill allocates nothing once a position is warm.</summary>
/// <param name="RealizedPnl">Price PnL realized by this fill, before fees, in the settlement asset.</param>
/// <param name="SignedQuantityAfter">Position quantity after the fill: + long, − short, 0 flat.</param>
/// <param name="AverageEntryPriceAfter">Null when the position is flat afterwards.</param>
/// <param name="Anomaly">Set when the venue's fill cannot be applied as reported (hedge-mode over-reduce).</param>
/// <param name="ClosedCycleNumber">The number of the cycle this fill ended, 0 when it ended none (a flip ends one and starts the next).</param>
public readonly record struct FillOutcome(
    PositionKey Key,
    PositionAction Action,
    decimal RealizedPnl,
    decimal SignedQuantityAfter,
    decimal? AverageEntryPriceAfter,
    string? Anomaly,
    Position Position,
    int ClosedCycleNumber)
{
    /// <summary>
    /// The cycle this fill ended, if any, built on request. Read it before the next fill on the same key
    /// closes another cycle.
    /// </summary>
    /// <exception cref="InvalidOperationException">A later fill has already closed a newer cycle on this key.</exception>
    public CycleSummary? ClosedCycle
    {
        get
        {
            if (ClosedCycleNumber == 0)
            {
                return null;
            }

            return Position.ClosedCycles == ClosedCycleNumber
                ? Position.LastClosedCycle()
                : throw new InvalidOperationException($"{Key}: cycle {ClosedCycleNumber} is no longer the last closed one; read ClosedCycle before the next fill");
        }
    }
}
