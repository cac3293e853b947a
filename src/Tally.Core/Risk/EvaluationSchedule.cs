namespace Tally.Core.Risk;

/// <summary>
/// When the portfolio rules run (DESIGN §5): every interval (10 s) on interval boundaries counted from the Unix
/// epoch; offline at the first tick at or after each boundary, and once however many boundaries a gap spans, with
/// the tick's time as <c>now</c>. E.g. ticks at 12:00:03, 12:00:09, 12:00:10, 12:00:47: evaluations at 12:00:03
/// (first tick), 12:00:10 and 12:00:47 (one for the boundaries 12:00:20, :30 and :40 together).
/// </summary>
public static class EvaluationSchedule
{
    /// <summary>The latest boundary at or before <paramref name="now"/>.</summary>
    public static DateTimeOffset BoundaryOf(DateTimeOffset now, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var floored = sinceEpoch - (((sinceEpoch % interval.Ticks) + interval.Ticks) % interval.Ticks);
        return DateTimeOffset.UnixEpoch.AddTicks(floored);
    }

    /// <summary>
    /// Whether a tick at <paramref name="now"/> runs an evaluation, given the boundary of the last one (null before
    /// the first); <paramref name="boundary"/> is what to remember if it does.
    /// </summary>
    public static bool Due(DateTimeOffset? lastBoundary, DateTimeOffset now, TimeSpan interval, out DateTimeOffset boundary)
    {
        boundary = BoundaryOf(now, interval);
        return lastBoundary is not { } last || boundary > last;
    }
}
