namespace Tally.Storage;

/// <summary>A funding payment offered to the log, with the venue's raw record when it came from one.</summary>
public sealed record IncomingFunding(FundingPayment Payment, string? Raw = null);
