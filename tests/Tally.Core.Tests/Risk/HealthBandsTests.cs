using Tally.Core.Risk;
using static Tally.Core.Tests.Risk.RiskPositions;

namespace Tally.Core.Tests.Risk;

public class HealthBandsTests
{
    private static readonly RiskSettings Settings = new();

    private static readonly RiskPosition[] Three = [Open("a", pnlPct: -1m), Open("b", pnlPct: -3m), Open("c", pnlPct: 2m)];

    // A score with the given total (all of it in P; the bands only read the total).
    private static HealthScore Score(decimal total) => new(total, 0m, 0m, 0m);

    private static HealthDecision Step(ref HealthBandState state, decimal total, IReadOnlyList<RiskPosition>? open = null)
    {
        var decision = HealthBands.Evaluate(state, Score(total), open ?? Three, Settings);
        state = decision.State;
        return decision;
    }

    [Fact]
    public void Below_70_stops_new_entries_once_and_resumes_at_75()
    {
        var state = HealthBandState.Initial;

        Assert.Empty(Step(ref state, 70m).Actions); // 70 is not below 70
        var entered = Step(ref state, 69.9m);
        Assert.Equal([HealthAction.StopNewEntries], entered.Actions);
        Assert.True(entered.Degraded);
        Assert.True(state.EntriesStopped);

        Assert.Empty(Step(ref state, 60m).Actions);   // still in the band: nothing fires again
        Assert.Empty(Step(ref state, 74.9m).Actions); // not yet 5 above
        Assert.Equal([HealthAction.ResumeNewEntries], Step(ref state, 75m).Actions);
        Assert.False(state.EntriesStopped);

        Assert.Equal([HealthAction.StopNewEntries], Step(ref state, 69m).Actions); // re-armed: fires again
    }

    [Fact]
    public void Below_50_tightens_while_the_score_stays_below_55()
    {
        var state = HealthBandState.Initial;
        Step(ref state, 65m); // StopNewEntries

        Assert.Equal([HealthAction.TightenStops], Step(ref state, 49m).Actions);
        Assert.True(state.Tightened);
        Assert.Empty(Step(ref state, 54.9m).Actions);
        Assert.True(state.Tightened);

        Assert.Equal([HealthAction.EndTightening], Step(ref state, 55m).Actions);
        Assert.False(state.Tightened);
        Assert.True(state.EntriesStopped); // 55 < 75: the entries band is still entered
    }

    [Fact]
    public void Below_30_closes_the_worst_2_by_unrealized_percent_once()
    {
        var state = HealthBandState.Initial;

        // 80 → 29 falls through all three bands at once: all three fire. Worst: b (−3 %), a (−1 %).
        var decision = Step(ref state, 29m);
        Assert.Equal([HealthAction.StopNewEntries, HealthAction.TightenStops, HealthAction.CloseWorst], decision.Actions);
        Assert.Equal(["b", "a"], decision.Close);

        Assert.Empty(Step(ref state, 20m).Close);  // same band: no second close
        Assert.Empty(Step(ref state, 34m).Actions); // below 35: not re-armed
        Step(ref state, 35m);                       // re-armed (still tightened: 35 < 55)
        Assert.Equal([HealthAction.CloseWorst], Step(ref state, 29.5m).Actions);
    }

    [Fact]
    public void Equally_bad_positions_close_the_older_first()
    {
        var state = HealthBandState.Initial;
        RiskPosition[] open =
        [
            Open("young", pnlPct: -2m, openedMinutesAgo: 5),
            Open("old", pnlPct: -2m, openedMinutesAgo: 50),
            Open("fine", pnlPct: 1m),
            Open("worst", pnlPct: -4m),
        ];

        Assert.Equal(["worst", "old"], Step(ref state, 10m, open).Close);
    }

    [Fact]
    public void Actions_need_3_open_positions_but_the_band_is_tracked_anyway()
    {
        var state = HealthBandState.Initial;
        RiskPosition[] two = [Open("a"), Open("b")];

        var decision = Step(ref state, 25m, two);
        Assert.Empty(decision.Actions);
        Assert.True(decision.Degraded); // the score is shown and the entering is tracked
        Assert.True(state.InCloseWorstBand);

        // A third opens while still in the band: nothing fires until the band re-arms and is entered again.
        Assert.Empty(Step(ref state, 25m).Actions);
    }
}
