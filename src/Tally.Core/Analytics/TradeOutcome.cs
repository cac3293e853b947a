using Tally.Core.Attribution;

namespace Tally.Core.Analytics;

/// <summary>
/// One closed trade as the ratios see it: when it closed, its net PnL (after fees) in the settlement asset and
/// its return, net PnL over what its entry cost.
/// </summary>
/// <param name="Id">Breaks ties between trades closed at the same time (ordinal).</param>
public sealed record TradeOutcome(string Id, DateTimeOffset ClosedAt, decimal NetPnl, decimal Return)
{
    /// <summary>
    /// The outcome of a closed strategy position: its net PnL over its entry value (quote p·x·m for spot and
    /// linear, base for inverse); null while it is not closed or has no entry value.
    /// </summary>
    public static TradeOutcome? Of(StrategyPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Status != StrategyPositionStatus.Closed || position.EntryPrice <= 0m || position.EntryQuantity <= 0m)
        {
            return null;
        }

        var cost = ContractValue.Of(position.Instrument, position.EntryPrice, position.EntryQuantity);
        if (cost <= 0m)
        {
            return null;
        }

        var closedAt = position.ExitTime ?? position.EntryTime ?? DateTimeOffset.MinValue;
        return new TradeOutcome(position.StrategyPositionId, closedAt, position.NetPnl, position.NetPnl / cost);
    }
}
