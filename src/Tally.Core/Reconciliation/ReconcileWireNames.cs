namespace Tally.Core.Reconciliation;

/// <summary>Spellings users and scripts see (CLI, JSON, the audit table's kind column). A contract.</summary>
public static class ReconcileWireNames
{
    public static string ToWireName(this ReconcileKind kind) => kind switch
    {
        ReconcileKind.InSync => "in_sync",
        ReconcileKind.MissingLocal => "missing_local",
        ReconcileKind.MissingExchange => "missing_exchange",
        ReconcileKind.QuantityMismatch => "quantity_mismatch",
        ReconcileKind.PriceMismatch => "price_mismatch",
    };
}
