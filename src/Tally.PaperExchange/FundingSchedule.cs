namespace Tally.PaperExchange;

/// <summary>
/// When funding happens and at which rate. Funding times are 00:00, 08:00 and 16:00 UTC. A seeded rate is a pure
/// function of (seed, symbol position, funding time), so it does not depend on when or how often the venue settles.
/// </summary>
public static class FundingSchedule
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(8);

    /// <summary>Half-width of the seeded range: rates lie in [−0.0005, +0.0005].</summary>
    public const decimal MaxSeededRate = 0.0005m;

    /// <summary>The first funding time strictly after <paramref name="time"/>: 07:59:59 → 08:00, 08:00 → 16:00.</summary>
    public static DateTimeOffset NextAfter(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var ticksIntoInterval = utc.UtcTicks % Interval.Ticks;
        return new DateTimeOffset(utc.UtcTicks - ticksIntoInterval, TimeSpan.Zero) + Interval;
    }

    /// <summary>The latest funding time at or before <paramref name="time"/>.</summary>
    public static DateTimeOffset AtOrBefore(DateTimeOffset time) => NextAfter(time) - Interval;

    /// <summary>
    /// The rate of the symbol at <paramref name="symbolIndex"/> for the funding at <paramref name="fundingTime"/>:
    /// a whole number of 1e-8 in [−50 000, +50 000] drawn by hashing the three inputs (SplitMix64 finaliser).
    /// </summary>
    public static decimal SeededRate(int seed, int symbolIndex, DateTimeOffset fundingTime)
    {
        unchecked
        {
            var x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)symbolIndex * 0x9E3779B97F4A7C15UL) ^ (ulong)fundingTime.ToUnixTimeMilliseconds();
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            var units = (long)(x % 100_001UL) - 50_000L;
            return units * 0.00000001m;
        }
    }
}
