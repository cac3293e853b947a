namespace Tally.Core;

/// <summary>The running totals of the cycle in progress (all zero and <see cref="PositionDirection.Flat"/> when flat).</summary>
public sealed record CycleState(
    PositionDirection Side,
    DateTimeOffset? OpenedAt,
    decimal EntryQuantity,
    decimal EntryValue,
    decimal AverageEntryPrice,
    decimal ExitQuantity,
    decimal ExitValue,
    decimal AverageExitPrice,
    decimal PeakQuantity,
    decimal RealizedPnl,
    decimal SettlementFees,
    IReadOnlyList<AssetAmount> Fees)
{
    public bool SameAs(CycleState other) =>
        Side == other.Side
        && OpenedAt == other.OpenedAt
        && EntryQuantity == other.EntryQuantity
        && EntryValue == other.EntryValue
        && AverageEntryPrice == other.AverageEntryPrice
        && ExitQuantity == other.ExitQuantity
        && ExitValue == other.ExitValue
        && AverageExitPrice == other.AverageExitPrice
        && PeakQuantity == other.PeakQuantity
        && RealizedPnl == other.RealizedPnl
        && SettlementFees == other.SettlementFees
        && Fees.SequenceEqual(other.Fees);
}
