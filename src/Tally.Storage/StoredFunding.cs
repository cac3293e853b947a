namespace Tally.Storage;

/// <summary>A funding payment as the log holds it.</summary>
/// <param name="Seq">Position in the funding log; payments are booked in ascending <paramref name="Seq"/>.</param>
public sealed record StoredFunding(long Seq, FundingPayment Payment, string? Raw, DateTimeOffset IngestedAt);
