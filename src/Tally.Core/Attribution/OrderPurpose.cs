namespace Tally.Core.Attribution;

/// <summary>
/// What the order behind a fill was placed for, as the dispatcher recorded it before sending (or, for a fill
/// no order of ours explains, what the venue says). A closed set: the attribution fold switches over it.
/// </summary>
/// <remarks>
/// The purpose says who; the ledger says what the fill did. An entry order whose fill reduces the key (an
/// opposite signal accepted in one-way mode) closes others' contributions with reason
/// <see cref="CloseReason.OppositeSignal"/>; an exit whose fill opens (a non-reduce-only order that flips)
/// opens a position for the exit's strategy.
/// </remarks>
public abstract record OrderPurpose
{
    private OrderPurpose()
    {
    }

    /// <summary>An entry for <paramref name="StrategyId"/>; fills of one order (<paramref name="OrderRef"/>) are one strategy position.</summary>
    /// <param name="OrderRef">The entry order's reference (client order id, order id, or the trade id when there is none); becomes the strategy position's id.</param>
    /// <param name="TakeProfit">Absolute take-profit price, if any.</param>
    /// <param name="StopLoss">Absolute stop-loss price, if any.</param>
    /// <param name="TakeProfitPct">Take-profit as a fraction of the entry price (0.05 = 5 %), converted at the fill to entry × (1 + f) for a long, entry × (1 − f) for a short; an absolute <paramref name="TakeProfit"/> wins.</param>
    /// <param name="StopLossPct">Stop-loss as a fraction of the entry price, converted at the fill to entry × (1 − f) for a long, entry × (1 + f) for a short; an absolute <paramref name="StopLoss"/> wins.</param>
    public sealed record Entry(string StrategyId, string OrderRef, decimal? TakeProfit = null, decimal? StopLoss = null, decimal? TakeProfitPct = null, decimal? StopLossPct = null) : OrderPurpose;

    /// <summary>An exit placed to close one strategy position (a take-profit, a stop, a force close …).</summary>
    public sealed record ExitPosition(string StrategyPositionId, CloseReason Reason) : OrderPurpose;

    /// <summary>
    /// An exit placed for a strategy but no particular position: it reduces the strategy's open positions on the
    /// key, oldest first. Should its fill flip the key (one-way mode), the new side is the strategy's, with
    /// <paramref name="TakeProfit"/> and <paramref name="StopLoss"/>.
    /// </summary>
    public sealed record ExitStrategy(string StrategyId, CloseReason Reason, decimal? TakeProfit = null, decimal? StopLoss = null) : OrderPurpose;

    /// <summary>
    /// A fill no order of ours explains: closed by hand on the venue (<see cref="CloseReason.Manual"/>), a
    /// liquidation or ADL. Its exit is spread by the policy; what it opens belongs to strategy
    /// <see cref="AttributionBook.ManualStrategy"/>.
    /// </summary>
    public sealed record Unplaced(CloseReason Reason) : OrderPurpose;
}
