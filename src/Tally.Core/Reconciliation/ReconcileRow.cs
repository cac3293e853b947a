namespace Tally.Core.Reconciliation;

/// <summary>
/// One side's view of a position key for reconciliation: the ledger's open position, or the exchange's
/// (positionRisk) row mapped at the edge. A flat row (quantity 0) counts as no position.
/// </summary>
/// <param name="SignedQuantity">Negative for a short (hedge SHORT books included), as the venue and the ledger sign it.</param>
/// <param name="EntryPrice">Average entry price; ignored when flat.</param>
public sealed record ReconcileRow(string Symbol, PositionSide PositionSide, decimal SignedQuantity, decimal EntryPrice);
