using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class EvaluationScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Portfolio_is_evaluated_at_the_first_tick_at_or_after_each_10_s_boundary_once_per_gap()
    {
        var interval = TimeSpan.FromSeconds(10);
        DateTimeOffset? last = null;
        var evaluated = new List<int>();

        foreach (var second in new[] { 3, 9, 10, 19, 47, 49, 50 })
        {
            if (EvaluationSchedule.Due(last, Noon.AddSeconds(second), interval, out var boundary))
            {
                evaluated.Add(second);
                last = boundary;
            }
        }

        // 3: first tick; 10: boundary :10; 47: one evaluation for :20, :30 and :40; 50: boundary :50.
        Assert.Equal([3, 10, 47, 50], evaluated);
    }

    [Fact]
    public void Boundaries_are_whole_intervals_in_utc_whatever_the_offset()
    {
        var local = new DateTimeOffset(2026, 3, 1, 13, 0, 7, TimeSpan.FromHours(1)); // 12:00:07 UTC

        Assert.Equal(Noon, EvaluationSchedule.BoundaryOf(local, TimeSpan.FromSeconds(10)));
    }
}
