namespace Tally.Cli.Bench;

/// <summary>Nearest-rank percentiles of measured latencies.</summary>
public static class Percentiles
{
    public static TimeSpan Of(IReadOnlyList<TimeSpan> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
