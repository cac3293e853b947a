namespace Tally.PaperExchange.Http;

/// <summary>What the weight limiter decided for one request.</summary>
/// <param name="UsedWeight">IP weight used in the current minute, after this request if it was admitted.</param>
/// <param name="RetryAfter">How long the client must wait (429 and 418 only).</param>
/// <param name="BannedUntil">End of the ban (418 only).</param>
public readonly record struct RateDecision(RateVerdict Verdict, int UsedWeight, TimeSpan RetryAfter, DateTimeOffset? BannedUntil);
