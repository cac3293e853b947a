namespace Tally.Core.Risk;

/// <summary>
/// The breaker's persistent state, a plain value a store can keep: the UTC day, that day's E0 (equity at its first
/// evaluation; the first day's is the starting balance), the highest equity seen at the day's evaluations, the
/// highest level fired today, and the halt (which outlives the day and restarts until <see cref="Reset"/>).
/// </summary>
public sealed record BreakerState(
    DateOnly Day,
    decimal DayStartEquity,
    decimal PeakEquity,
    BreakerLevel FiredToday,
    bool Halted,
    DateTimeOffset? HaltedAt)
{
    /// <summary>The first day: E0 = the starting balance.</summary>
    public static BreakerState Start(DateTimeOffset now, decimal startingBalance) =>
        new(DayOf(now), startingBalance, startingBalance, BreakerLevel.None, Halted: false, HaltedAt: null);

    /// <summary><c>tally risk reset</c>: lifts the halt; today's fired levels stay fired.</summary>
    public BreakerState Reset() => this with { Halted = false, HaltedAt = null };

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
