namespace Tally.Core.Risk;

/// <summary>
/// The health score's three graded actions with hysteresis (DESIGN §5). A band is entered when the score falls
/// below it and re-armed when the score is at least 5 points above it; entering fires the band's action once,
/// and only while at least 3 strategy positions are open (entering is tracked either way, so a band entered with
/// too few positions does not fire later without re-arming first).
/// <list type="bullet">
/// <item>&lt; 70: StopNewEntries; entries stay refused until the band re-arms (≥ 75).</item>
/// <item>&lt; 50: TightenStops; tightened while the score stays below 55, EndTightening at ≥ 55.</item>
/// <item>&lt; 30: CloseWorst — the worst 2 by unrealized PnL % (older first among equals).</item>
/// </list>
/// </summary>
public static class HealthBands
{
    public static HealthDecision Evaluate(
        HealthBandState state, HealthScore score, IReadOnlyList<RiskPosition> open, RiskSettings settings)
    {
        var total = score.Total;
        var armed = open.Count >= settings.HealthMinPositions;
        var margin = settings.HealthRearmMargin;
        var actions = new List<HealthAction>();
        var close = new List<string>();

        // Entries, in order of severity so a fall through several bands at once fires all of them.
        var inStop = Band(state.InStopEntriesBand, total, settings.HealthStopEntriesBelow, margin, out var enteredStop);
        var inTighten = Band(state.InTightenBand, total, settings.HealthTightenBelow, margin, out var enteredTighten);
        var inWorst = Band(state.InCloseWorstBand, total, settings.HealthCloseWorstBelow, margin, out var enteredWorst);
        var degraded = enteredStop || enteredTighten || enteredWorst;

        var entriesStopped = state.EntriesStopped;
        var tightened = state.Tightened;

        if (!inStop && entriesStopped)
        {
            entriesStopped = false;
            actions.Add(HealthAction.ResumeNewEntries);
        }

        if (!inTighten && tightened)
        {
            tightened = false;
            actions.Add(HealthAction.EndTightening);
        }

        if (armed && enteredStop && !entriesStopped)
        {
            entriesStopped = true;
            actions.Add(HealthAction.StopNewEntries);
        }

        if (armed && enteredTighten && !tightened)
        {
            tightened = true;
            actions.Add(HealthAction.TightenStops);
        }

        if (armed && enteredWorst)
        {
            actions.Add(HealthAction.CloseWorst);
            close.AddRange(RiskPosition.WorstFirst(open).Take(settings.HealthCloseWorstCount).Select(p => p.StrategyPositionId));
        }

        return new HealthDecision(
            score,
            new HealthBandState(inStop, inTighten, inWorst, entriesStopped, tightened),
            actions,
            close,
            degraded);
    }

    // In the band after this score, and whether this score entered it.
    private static bool Band(bool wasIn, decimal score, decimal below, decimal margin, out bool entered)
    {
        entered = !wasIn && score < below;
        return wasIn ? score < below + margin : score < below;
    }
}
