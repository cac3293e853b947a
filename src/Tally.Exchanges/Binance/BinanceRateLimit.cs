namespace Tally.Exchanges.Binance;

/// <summary>
/// One entry of a WebSocket API response's <c>rateLimits</c>: how much of one limit this connection's
/// IP (REQUEST_WEIGHT) or account (ORDERS) has used in the current interval.
/// </summary>
/// <param name="Interval">SECOND, MINUTE or DAY; with <paramref name="IntervalNum"/> gives the window (10 × SECOND).</param>
/// <param name="Count">Used so far in the window; null when not reported.</param>
public readonly record struct BinanceRateLimit(string RateLimitType, string Interval, int IntervalNum, int Limit, int? Count)
{
    internal static BinanceRateLimit Read(BinanceJsonObject entry) => new(
        entry.String("rateLimitType"),
        entry.String("interval"),
        entry.Int32("intervalNum"),
        entry.Int32("limit"),
        entry.OptionalInt32("count"));
}
