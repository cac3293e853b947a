namespace Tally.Core.Risk;

/// <summary>
/// Where the score stands against the three bands (entered = fell below the band and has not yet come back 5
/// points above it) and which gates the bands have put up. A plain value so a store can keep it.
/// </summary>
public sealed record HealthBandState(
    bool InStopEntriesBand,
    bool InTightenBand,
    bool InCloseWorstBand,
    bool EntriesStopped,
    bool Tightened)
{
    public static HealthBandState Initial { get; } = new(false, false, false, false, false);
}
