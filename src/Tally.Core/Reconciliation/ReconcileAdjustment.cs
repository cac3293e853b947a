namespace Tally.Core.Reconciliation;

/// <summary>
/// One fill-shaped correction: booked as a synthetic fill (<see cref="Reconciliation.AdjustmentFill"/>) with no
/// fee and no client order id, so the attribution fold treats it as an unplaced manual fill.
/// </summary>
/// <param name="Leg">1, 2 … within the finding (a side change closes, then opens).</param>
public sealed record ReconcileAdjustment(Side Side, decimal Quantity, decimal Price, int Leg);
