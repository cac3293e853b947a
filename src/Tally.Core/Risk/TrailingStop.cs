namespace Tally.Core.Risk;

/// <summary>
/// The trailing stop of one strategy position, as an immutable value folded over its symbol's ticks — the rule
/// stated once, plainly (DESIGN §5). <see cref="StopBook"/> keeps the same stops for many positions at a cost per
/// tick independent of their number.
/// </summary>
/// <remarks>
/// Long: H = max(entry, every tick since the entry), stop = H·(1 − d), exit when a tick ≤ stop. Short: L = min,
/// stop = L·(1 + d), exit when a tick ≥ stop. With an activation price (Binance TRAILING_STOP_MARKET) there is no
/// stop until a tick reaches it (long: tick ≥ activation; short: tick ≤ activation; an activation the entry
/// already reached counts from the entry). The stop only moves in the position's favour: while a distance cap is
/// set (the health rule's tightened mode) the distance is min(d, cap), and when the cap is lifted the stop stays
/// where the cap put it until the trail at d passes it.
/// Binance's example, 7 % from 40,000: 42,000 → stop 39,060; 39,500 holds; 45,500 → stop 45,500 × 0.93 =
/// 42,315; a tick at 42,315 exits.
/// </remarks>
public sealed record TrailingStop
{
    private TrailingStop(ExposureSide side, decimal entry, decimal distance, decimal? activation)
    {
        Side = side;
        Entry = entry;
        Distance = distance;
        Activation = activation;
        Extreme = entry;
    }

    public ExposureSide Side { get; }

    public decimal Entry { get; }

    /// <summary>The distance d as a fraction (0.005 = 0.5 %), before any cap.</summary>
    public decimal Distance { get; }

    public decimal? Activation { get; }

    /// <summary>While set, the distance in force is min(<see cref="Distance"/>, this).</summary>
    public decimal? DistanceCap { get; private init; }

    /// <summary>H for a long, L for a short: the best of the entry and every tick since.</summary>
    public decimal Extreme { get; private init; }

    public bool Activated { get; private init; }

    /// <summary>The stop in force, null before activation.</summary>
    public decimal? Stop { get; private init; }

    public decimal EffectiveDistance => DistanceCap is { } cap && cap < Distance ? cap : Distance;

    public static TrailingStop Open(ExposureSide side, decimal entry, decimal distance, decimal? activation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entry);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(distance);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(distance, 1m);
        var opened = new TrailingStop(side, entry, distance, activation);
        return Reaches(side, entry, activation) ? opened.Activate() : opened;
    }

    /// <summary>Folds one tick: the new state, and whether this tick exits the position.</summary>
    public (TrailingStop Next, bool Triggered) OnTick(decimal price)
    {
        var extreme = Side switch
        {
            ExposureSide.Long => Math.Max(Extreme, price),
            ExposureSide.Short => Math.Min(Extreme, price),
        };
        var next = this with { Extreme = extreme };
        if (!next.Activated && Reaches(Side, price, Activation))
        {
            next = next.Activate();
        }
        else if (next.Activated)
        {
            next = next.Ratchet();
        }

        var triggered = next.Stop is { } stop && Side switch
        {
            ExposureSide.Long => price <= stop,
            ExposureSide.Short => price >= stop,
        };
        return (next, triggered);
    }

    /// <summary>Sets (or with null lifts) the distance cap; the stop never moves against the position.</summary>
    public TrailingStop WithDistanceCap(decimal? cap)
    {
        var next = this with { DistanceCap = cap };
        return next.Activated ? next.Ratchet() : next;
    }

    /// <summary>H·(1 − d) for a long, L·(1 + d) for a short — the trail before the favour-only rule.</summary>
    internal static decimal Trail(ExposureSide side, decimal extreme, decimal distance) => side switch
    {
        ExposureSide.Long => extreme * (1m - distance),
        ExposureSide.Short => extreme * (1m + distance),
    };

    private static bool Reaches(ExposureSide side, decimal price, decimal? activation) => activation switch
    {
        null => true,
        { } a => side switch
        {
            ExposureSide.Long => price >= a,
            ExposureSide.Short => price <= a,
        },
    };

    private TrailingStop Activate() => (this with { Activated = true }).Ratchet();

    private TrailingStop Ratchet()
    {
        var trail = Trail(Side, Extreme, EffectiveDistance);
        var stop = Stop switch
        {
            null => trail,
            { } current => Side switch
            {
                ExposureSide.Long => Math.Max(current, trail),
                ExposureSide.Short => Math.Min(current, trail),
            },
        };
        return this with { Stop = stop };
    }
}
