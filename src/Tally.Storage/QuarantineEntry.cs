namespace Tally.Storage;

/// <summary>A record the log refused to apply and kept aside: a conflicting duplicate or an unparseable payload.</summary>
public sealed record QuarantineEntry(
    long Id,
    string? Venue,
    string? Account,
    string? Symbol,
    string? TradeId,
    string Reason,
    string Payload,
    DateTimeOffset ReceivedAt);
