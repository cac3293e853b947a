namespace Tally.Storage;

/// <summary>What the log did with one offered fill or funding payment. Every status is an acknowledgement: the record is safe.</summary>
public enum IngestStatus
{
    /// <summary>New; stored and folded into (or booked against) its position.</summary>
    Stored,

    /// <summary>The same fill was already in the log; nothing changed.</summary>
    AlreadyPresent,

    /// <summary>Another fill with the same identity but different content was already in the log; this one was quarantined.</summary>
    Quarantined,
}
