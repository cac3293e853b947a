namespace Tally.Core.Reconciliation;

/// <summary>What reconciling one position key found (DESIGN.md §6). A closed set.</summary>
public enum ReconcileKind
{
    /// <summary>The ledger and the exchange agree on quantity and (within the tolerance) entry price.</summary>
    InSync,

    /// <summary>The exchange holds a position the ledger does not: opened locally by an adjustment fill.</summary>
    MissingLocal,

    /// <summary>The ledger holds a position the exchange does not: closed locally by an adjustment fill.</summary>
    MissingExchange,

    /// <summary>Both hold the key with different signed quantities: the difference is booked by adjustment fills.</summary>
    QuantityMismatch,

    /// <summary>Same quantity, entry prices apart beyond the tolerance: reported and audited, the ledger left as it is (no fill can move an average alone).</summary>
    PriceMismatch,
}
