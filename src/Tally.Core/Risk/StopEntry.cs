namespace Tally.Core.Risk;

/// <summary>
/// One position inside the <see cref="StopBook"/>. Prices are kept signed so both sides share one code path:
/// a long's values as they are, a short's negated (then L = min becomes −L = max, and "tick ≥ L·(1 + d)" becomes
/// "−tick ≤ (−L)·(1 + d)", the long's comparison with another multiplier).
/// </summary>
internal sealed class StopEntry(StopOrder order, decimal sign)
{
    public StopOrder Order { get; } = order;

    /// <summary>+1 for a long, −1 for a short.</summary>
    public decimal Sign { get; } = sign;

    /// <summary>Signed activation; the position is pending while no tick reached it.</summary>
    public decimal? Activation { get; } = order.Activation * sign;

    public bool Pending { get; set; }

    public bool Alive { get; set; } = true;

    /// <summary>Signed stop the tightened mode left behind when it ended; the stop never goes below it.</summary>
    public decimal? Floor { get; set; }

    /// <summary>The bucket holding this position's signed extreme (H or −L).</summary>
    public StopBucket? Bucket { get; set; }

    /// <summary>Bumped at every move so a stale reference left in an old bucket's member list is recognised.</summary>
    public int Version { get; set; }
}
