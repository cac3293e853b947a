namespace Tally.Engine.Reconciliation;

/// <summary>What was done about one finding. A closed set.</summary>
public enum Correction
{
    /// <summary>In sync: nothing to do.</summary>
    None,

    /// <summary>Adjustment fills ingested, with their audit entry, in one transaction.</summary>
    Adjusted,

    /// <summary>No fill can fix it (price_mismatch): audited and reported, the ledger left as it is.</summary>
    Reported,

    /// <summary>--dry-run: found and shown, nothing written.</summary>
    Proposed,

    /// <summary>The log did not store the adjustment (see <see cref="ReconcileResult.Problem"/>); nothing audited.</summary>
    Refused,
}
