namespace Tally.Core.Risk;

/// <summary>
/// Pearson correlation of 1-minute log returns over a window (DESIGN §5: 60 minutes, at least 30 points, else a
/// per-class default — majors 0.75, others 0.5). The returns r_t = ln(C_t / C_{t−1}) are taken for each closed
/// candle t of the window for which both symbols have the candles t and t − 1 min, so a hole in either series
/// drops those minutes rather than pairing returns of different minutes. The ratio is computed in double: it
/// needs logarithms and is a statistic, not money; the result is returned as decimal.
/// </summary>
public static class Correlation
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The correlation of <paramref name="follower"/> to <paramref name="leader"/> (candles oldest first) at
    /// <paramref name="now"/>, or <paramref name="fallback"/> when fewer than <paramref name="minPoints"/> returns.
    /// </summary>
    public static CorrelationEstimate Estimate(
        IReadOnlyList<Candle> follower,
        IReadOnlyList<Candle> leader,
        DateTimeOffset now,
        TimeSpan window,
        int minPoints,
        decimal fallback)
    {
        var leaderCloses = new Dictionary<DateTimeOffset, decimal>();
        foreach (var candle in leader)
        {
            leaderCloses[candle.OpenTime] = candle.Close;
        }

        var followerCloses = new Dictionary<DateTimeOffset, decimal>();
        foreach (var candle in follower)
        {
            followerCloses[candle.OpenTime] = candle.Close;
        }

        var xs = new List<double>();
        var ys = new List<double>();
        var from = now - window;
        foreach (var (minute, close) in followerCloses)
        {
            if (minute < from || minute + Minute > now
                || !followerCloses.TryGetValue(minute - Minute, out var previous)
                || !leaderCloses.TryGetValue(minute, out var leaderClose)
                || !leaderCloses.TryGetValue(minute - Minute, out var leaderPrevious)
                || previous <= 0m || close <= 0m || leaderPrevious <= 0m || leaderClose <= 0m)
            {
                continue;
            }

            xs.Add(Math.Log((double)close / (double)previous));
            ys.Add(Math.Log((double)leaderClose / (double)leaderPrevious));
        }

        if (xs.Count < minPoints || Pearson(xs, ys) is not { } r)
        {
            return new CorrelationEstimate(fallback, xs.Count, Measured: false);
        }

        return new CorrelationEstimate((decimal)Math.Clamp(r, -1d, 1d), xs.Count, Measured: true);
    }

    /// <summary>With the settings' window and minimum, and the follower's class default.</summary>
    public static CorrelationEstimate Estimate(
        string followerSymbol, IReadOnlyList<Candle> follower, IReadOnlyList<Candle> leader, DateTimeOffset now, AssetClassMap classes) =>
        Estimate(follower, leader, now, classes.Settings.CorrelationWindow, classes.Settings.CorrelationMinPoints,
            classes.DefaultCorrelation(followerSymbol));

    // Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²); null when either series is constant.
    private static double? Pearson(List<double> xs, List<double> ys)
    {
        var n = xs.Count;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += xs[i];
            meanY += ys[i];
        }

        meanX /= n;
        meanY /= n;
        double cov = 0, varX = 0, varY = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = xs[i] - meanX;
            var dy = ys[i] - meanY;
            cov += dx * dy;
            varX += dx * dx;
            varY += dy * dy;
        }

        return varX > 0 && varY > 0 ? cov / Math.Sqrt(varX * varY) : null;
    }
}
