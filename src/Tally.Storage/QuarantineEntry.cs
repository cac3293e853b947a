namespace Tally.Storage;

/// <summary>A record the log refused to apply and kept aside: a conflicting duplicate or an unparseable payload.</summary>
/// <param name="TradeId">The record's id: a trade id, a funding id, or null for a payload that could not be parsed.</param>
/// <param name="Source">
/// What was refused: <see cref="FillSource"/> (a conflicting fill), <see cref="FundingSource"/> (a conflicting
/// funding payment), or whatever the caller of <see cref="FillLog.QuarantineRawAsync"/> named (e.g. <c>rest:userTrades</c>).
/// </param>
public sealed record QuarantineEntry(
    long Id,
    string? Venue,
    string? Account,
    string? Symbol,
    string? TradeId,
    string Reason,
    string Payload,
    DateTimeOffset ReceivedAt,
    string Source = QuarantineEntry.FillSource)
{
    public const string FillSource = "fill";

    public const string FundingSource = "funding";
}
