namespace Tally.Core.Signals;

/// <summary>
/// The offline fold behind <c>tally signals replay</c>: signals decided one after another by
/// <see cref="SignalRules"/>, each accepted buy/sell treated as filled at once and open until a close of its
/// strategy closes it. In one-way mode an accepted signal against open positions of the other direction
/// trades against them first (oldest first; without a quantity it closes them all) and opens its own side
/// with what is left. A repeated signal id gets its first decision again. Not thread safe.
/// </summary>
public sealed class SignalSimulation(SignalSettings settings)
{
    private readonly Dictionary<string, SignalDecision> _decided = new(StringComparer.Ordinal);
    private readonly List<OpenEntry> _open = [];

    public SignalSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Open entries, oldest first: the accepted signals whose positions no close has closed yet.</summary>
    public IReadOnlyList<Signal> OpenSignals => [.. _open.Select(o => o.Signal)];

    /// <summary>Decides <paramref name="signal"/> at its own timestamp and applies what an accepted one does.</summary>
    public SignalDecision Submit(Signal signal, RiskGate gate = RiskGate.Open)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (_decided.TryGetValue(signal.SignalId, out var first))
        {
            return first;
        }

        var here = _open.Where(o => o.Signal.Venue == signal.Venue && o.Signal.Account == signal.Account && o.Signal.Symbol == signal.Symbol).ToList();
        var active = here.Where(o => SignalRules.IsActive(o.Signal, positionClosed: false, signal.Timestamp, Settings)).Select(o => o.Signal).ToList();
        var decision = SignalRules.Decide(
            signal,
            active,
            openOnSide: here.Count(o => o.Signal.Direction == signal.Direction),
            openForStrategy: here.Count(o => o.Signal.StrategyId == signal.StrategyId),
            Settings,
            gate);
        _decided.Add(signal.SignalId, decision);
        if (decision.Accepted)
        {
            Apply(signal, here);
        }

        return decision;
    }

    private void Apply(Signal signal, List<OpenEntry> here)
    {
        if (signal.Action == SignalAction.Close)
        {
            _open.RemoveAll(o => here.Contains(o) && o.Signal.StrategyId == signal.StrategyId);
            return;
        }

        var left = signal.Quantity;
        if (Settings.Mode == PositionMode.OneWay)
        {
            foreach (var other in here.Where(o => o.Signal.Direction != signal.Direction))
            {
                if (left is { } l && l <= 0m)
                {
                    break;
                }

                if (left is null || other.Remaining is null || other.Remaining <= left)
                {
                    // An entry without a quantity closes whole and uses up none of a sized signal's quantity.
                    left = left is null || other.Remaining is null ? left : left - other.Remaining;
                    _open.Remove(other);
                }
                else
                {
                    other.Remaining -= left;
                    left = 0m;
                }
            }
        }

        if (left is null || left > 0m)
        {
            _open.Add(new OpenEntry(signal) { Remaining = left });
        }
    }

    private sealed class OpenEntry(Signal signal)
    {
        public Signal Signal { get; } = signal;

        /// <summary>Quantity still open; null when the signal gave none (closed whole by anything against it).</summary>
        public decimal? Remaining { get; set; }
    }
}
