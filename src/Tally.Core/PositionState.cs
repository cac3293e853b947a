namespace Tally.Core;

/// <summary>
/// Everything a <see cref="Position"/> holds, as plain data, so a store can save it beside the fills that
/// produced it and a restarted process can continue folding exactly where the last one stopped.
/// Restoring a state and folding more fills gives the same result as folding every fill from scratch.
/// </summary>
public sealed record PositionState(
    decimal SignedQuantity,
    decimal AverageEntryPrice,
    decimal RealizedPnl,
    decimal SettlementFees,
    IReadOnlyList<AssetAmount> Fees,
    IReadOnlyList<AssetAmount> Funding,
    decimal P1,
    decimal P2,
    decimal P1Fee,
    decimal P2Fee,
    int ClosedCycles,
    DateTimeOffset? LastUpdate,
    IReadOnlyList<PositionEntry> Entries,
    CycleState Cycle)
{
    /// <summary>Field-by-field equality, lists compared element by element (records compare lists by reference).</summary>
    public bool SameAs(PositionState other) =>
        SignedQuantity == other.SignedQuantity
        && AverageEntryPrice == other.AverageEntryPrice
        && RealizedPnl == other.RealizedPnl
        && SettlementFees == other.SettlementFees
        && Fees.SequenceEqual(other.Fees)
        && Funding.SequenceEqual(other.Funding)
        && P1 == other.P1
        && P2 == other.P2
        && P1Fee == other.P1Fee
        && P2Fee == other.P2Fee
        && ClosedCycles == other.ClosedCycles
        && LastUpdate == other.LastUpdate
        && Entries.SequenceEqual(other.Entries)
        && Cycle.SameAs(other.Cycle);
}
