namespace Tally.Core.Attribution;

/// <summary>
/// A strategy position's share of one exchange-position cycle (a row of <c>position_contributions</c>,
/// DESIGN.md §3). <see cref="ContributionQuantity"/> is what it brought in; what is still open is its
/// strategy position's <see cref="StrategyPosition.OpenQuantity"/>.
/// </summary>
/// <param name="PositionSide">LONG or SHORT: the exchange position's side.</param>
/// <param name="Status"><c>active</c> while its strategy position holds anything, else <c>closed</c>.</param>
public sealed record Contribution(
    string ContributionId,
    string StrategyPositionId,
    string ExchangePositionKey,
    string StrategyId,
    string Venue,
    string Account,
    string Symbol,
    PositionDirection PositionSide,
    decimal ContributionQuantity,
    decimal ContributionEntryPrice,
    DateTimeOffset? ContributionTime,
    int PositionSequence,
    decimal ContributionPnl,
    decimal? ContributionPnlPct,
    CloseReason? CloseReason,
    string Status)
{
    public static Contribution Of(StrategyPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new Contribution(
            position.ContributionId,
            position.StrategyPositionId,
            position.ExchangePositionKey,
            position.StrategyId,
            position.Venue,
            position.Account,
            position.Symbol,
            position.Side,
            position.EntryQuantity,
            position.EntryPrice,
            position.EntryTime,
            position.Sequence,
            position.RealizedPnl,
            position.RealizedPnlPct,
            position.CloseReason,
            AttributionWireNames.ContributionStatus(position.Status));
    }
}
