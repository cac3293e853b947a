using System.Globalization;

namespace Tally.Core.Signals;

/// <summary>
/// The decision rules of DESIGN.md §4 as a pure function of the signal, the active signals and open strategy
/// positions of its account and symbol, the settings and the risk gate. The steps are gates in order; a signal
/// is accepted only if every step that applies accepts it. "Stronger" is strict: a tie loses.
/// </summary>
public static class SignalRules
{
    /// <summary>A signal is active while it is younger than the window and its strategy position is not closed.</summary>
    public static bool IsActive(Signal signal, bool positionClosed, DateTimeOffset now, SignalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(settings);
        return !positionClosed && now - signal.Timestamp < settings.SignalWindow;
    }

    /// <summary>Decides a new signal.</summary>
    /// <param name="active">The active buy/sell signals of the same account and symbol (see <see cref="IsActive"/>), oldest first.</param>
    /// <param name="openOnSide">Open strategy positions of the signal's side on the symbol (any strategy).</param>
    /// <param name="openForStrategy">Open strategy positions of the signal's strategy on the symbol (for a close).</param>
    public static SignalDecision Decide(Signal signal, IReadOnlyList<Signal> active, int openOnSide, int openForStrategy, SignalSettings settings, RiskGate gate)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(settings);
        if (signal.Action == SignalAction.Close)
        {
            // Closes always pass the confidence and risk gates: leaving must never be blocked.
            return openForStrategy > 0
                ? SignalDecision.Accept(Invariant($"closes {openForStrategy} open position(s) of {signal.StrategyId}"))
                : SignalDecision.Reject("nothing to close");
        }

        // 1. Confidence, then the risk monitor.
        if (signal.Confidence < settings.MinConfidence)
        {
            return SignalDecision.Reject(Invariant($"confidence {C(signal.Confidence)} is below the minimum {C(settings.MinConfidence)}"));
        }

        if (gate != RiskGate.Open)
        {
            return SignalDecision.Reject($"new entries are stopped by the risk monitor ({Name(gate)})");
        }

        var reasons = new List<string>();
        string? conflictsWith = null;

        // 2. An opposite direction is active.
        var opposite = active.Where(a => a.Action != SignalAction.Close && a.Direction != signal.Direction).ToList();
        if (opposite.Count > 0)
        {
            if (settings.Mode == PositionMode.Hedge && settings.ModeAwareConflicts)
            {
                reasons.Add("opposite side open in hedge mode: no conflict");
            }
            else if (Strongest(opposite) is { } stronger && stronger.Confidence >= signal.Confidence)
            {
                return SignalDecision.Reject(Invariant($"not stronger than active opposite signal {stronger.SignalId} ({C(stronger.Confidence)})"), stronger.SignalId);
            }
            else
            {
                var beaten = Strongest(opposite)!;
                conflictsWith = beaten.SignalId;
                reasons.Add(Invariant($"stronger than every active opposite signal (best {beaten.SignalId} at {C(beaten.Confidence)})"));
            }
        }

        // 3. The same direction is active (any strategy).
        var same = active.Where(a => a.Action != SignalAction.Close && a.Direction == signal.Direction).ToList();
        if (same.Count > 0)
        {
            switch (settings.SameDirection)
            {
                case SameDirectionPolicy.Accumulate:
                    if (openOnSide >= settings.MaxAccumulations)
                    {
                        return SignalDecision.Reject(
                            Invariant($"MAX_ACCUMULATIONS reached: {openOnSide} open {signal.Direction.ToWireName()} positions (max {settings.MaxAccumulations})"),
                            same[^1].SignalId);
                    }

                    reasons.Add(Invariant($"accumulating: {openOnSide + 1} of {settings.MaxAccumulations} {signal.Direction.ToWireName()} positions"));
                    break;
                case SameDirectionPolicy.StrongestWins:
                    var strongest = Strongest(same)!;
                    if (strongest.Confidence >= signal.Confidence)
                    {
                        return SignalDecision.Reject(Invariant($"not stronger than active same-direction signal {strongest.SignalId} ({C(strongest.Confidence)})"), strongest.SignalId);
                    }

                    conflictsWith ??= strongest.SignalId;
                    reasons.Add(Invariant($"stronger than every active same-direction signal (best {strongest.SignalId} at {C(strongest.Confidence)})"));
                    break;
                case SameDirectionPolicy.RejectDuplicates:
                    return SignalDecision.Reject($"a same-direction signal is active: {same[0].SignalId}", same[0].SignalId);
            }
        }

        return SignalDecision.Accept(reasons.Count == 0 ? "no active signal in conflict" : string.Join("; ", reasons), conflictsWith);
    }

    /// <summary>The spelling users see: POSITION_MODE-style names for the gate states.</summary>
    public static string Name(RiskGate gate) => gate switch
    {
        RiskGate.Open => "Open",
        RiskGate.StopNewEntries => "StopNewEntries",
        RiskGate.StopAllTrading => "StopAllTrading",
    };

    // The strongest of a list; among equals the oldest (the first), which is the one a newcomer must beat.
    private static Signal? Strongest(List<Signal> signals) =>
        signals.Count == 0 ? null : signals.Aggregate((best, next) => next.Confidence > best.Confidence ? next : best);

    private static string C(decimal confidence) => DecimalText.Format(confidence);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
