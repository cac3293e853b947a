namespace Tally.Core.Reconciliation;

/// <summary>
/// What reconciliation found for one key (symbol, position side): the ledger's and the exchange's view (null when
/// that side holds nothing), the correction it proposes and the ledger's (quantity, entry) after it.
/// </summary>
/// <param name="AfterQuantity">Signed quantity once <paramref name="Adjustments"/> are folded.</param>
/// <param name="AfterEntryPrice">Average entry once they are folded; null when flat.</param>
public sealed record ReconcileFinding(
    string Symbol,
    PositionSide PositionSide,
    ReconcileKind Kind,
    ReconcileRow? Local,
    ReconcileRow? Exchange,
    IReadOnlyList<ReconcileAdjustment> Adjustments,
    decimal AfterQuantity,
    decimal? AfterEntryPrice);
