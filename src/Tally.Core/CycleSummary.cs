namespace Tally.Core;

/// <summary>
/// One flat-to-flat run of a position. <see cref="ClosedAt"/> is null (and <see cref="IsClosed"/> false)
/// for the cycle still open.
/// </summary>
/// <param name="Number">1 for the key's first cycle, 2 for the next, and so on.</param>
/// <param name="AverageEntryPrice">Weighted over the cycle's opening fills (harmonic for inverse contracts).</param>
/// <param name="AverageExitPrice">Weighted over its closing fills; null until something was closed.</param>
/// <param name="Fees">Fees charged to this cycle, per asset (a flip's fee split pro rata between its legs).</param>
/// <param name="NetPnl">Realized PnL less the fees charged in (or converted to) the settlement asset.</param>
/// <param name="RealizedReturn">(exit − entry) / entry for a long, (entry − exit) / entry for a short; fees ignored.</param>
public sealed record CycleSummary(
    PositionKey Key,
    int Number,
    PositionDirection Side,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    bool IsClosed,
    decimal AverageEntryPrice,
    decimal? AverageExitPrice,
    decimal PeakQuantity,
    decimal RealizedPnl,
    IReadOnlyList<AssetAmount> Fees,
    decimal NetPnl,
    decimal? RealizedReturn);
