namespace Tally.Storage;

/// <summary>What the log did with one offered fill or funding payment. Every status is an acknowledgement: the record is safe, or (Rejected) refused for good.</summary>
public enum IngestStatus
{
    /// <summary>New; stored and folded into (or booked against) its position.</summary>
    Stored,

    /// <summary>The same fill was already in the log; nothing changed.</summary>
    AlreadyPresent,

    /// <summary>Another fill with the same identity but different content was already in the log; this one was quarantined.</summary>
    Quarantined,

    /// <summary>
    /// The ledger cannot take it (<see cref="Tally.Core.Ledger.Check"/>); nothing of it was stored and the reason is in
    /// <see cref="IngestReport.Rejected"/>. A rejected funding payment is also kept in the quarantine (source funding).
    /// </summary>
    Rejected,
}
