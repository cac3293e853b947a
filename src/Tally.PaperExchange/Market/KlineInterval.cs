namespace Tally.PaperExchange.Market;

/// <summary>
/// A fixed-length kline interval of Binance (binance-wire-market.md §2): 1m … 1w. Buckets are aligned to the Unix
/// epoch, weeks to Monday 00:00 UTC. 1M (calendar months) is not simulated.
/// </summary>
public sealed record KlineInterval(string Name, long Milliseconds)
{
    private const long Minute = 60_000;

    /// <summary>1970-01-01 was a Thursday: weekly bars open on Mondays, four days later.</summary>
    private const long WeekOffset = 4 * 24 * 60 * Minute;

    public static IReadOnlyList<KlineInterval> All { get; } =
    [
        new("1m", Minute), new("3m", 3 * Minute), new("5m", 5 * Minute), new("15m", 15 * Minute), new("30m", 30 * Minute),
        new("1h", 60 * Minute), new("2h", 120 * Minute), new("4h", 240 * Minute), new("6h", 360 * Minute),
        new("8h", 480 * Minute), new("12h", 720 * Minute), new("1d", 1440 * Minute), new("3d", 3 * 1440 * Minute),
        new("1w", 7 * 1440 * Minute),
    ];

    public static KlineInterval OneMinute { get; } = All[0];

    public static bool TryParse(string? name, out KlineInterval interval)
    {
        interval = All.FirstOrDefault(i => i.Name == name)!;
        return interval is not null;
    }

    /// <summary>Open time (ms) of the bucket holding <paramref name="ms"/>.</summary>
    public long OpenOf(long ms)
    {
        var offset = Name == "1w" ? WeekOffset : 0;
        var shifted = ms - offset;
        return shifted - (((shifted % Milliseconds) + Milliseconds) % Milliseconds) + offset;
    }
}
