namespace Tally.PaperExchange.Wire;

/// <summary>One entry of exchangeInfo.rateLimits, e.g. REQUEST_WEIGHT / MINUTE / 1 / 2400.</summary>
public sealed record RateLimitInfo(string RateLimitType, string Interval, int IntervalNum, int Limit);
