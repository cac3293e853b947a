namespace Tally.Core.Attribution;

/// <summary>
/// One strategy's position built by one entry order (a row of <c>strategy_positions</c>, DESIGN.md §3): an
/// immutable snapshot taken from an <see cref="AttributionBook"/>.
/// </summary>
/// <param name="PositionSide">The ledger key's side: BOTH in one-way mode, LONG or SHORT in hedge mode.</param>
/// <param name="Side">LONG or SHORT: the direction this position holds.</param>
/// <param name="EntryQuantity">Everything its entry order's fills brought in.</param>
/// <param name="EntryPrice">Weighted over its entry fills (harmonic for inverse contracts, as the ledger's).</param>
/// <param name="ExitPrice">Weighted over the quantities it exited; null until something exited.</param>
/// <param name="CloseReason">The reason of its latest exit; null until something exited.</param>
/// <param name="RealizedPnl">Price PnL before fees in the settlement asset: (exit value − entry value) of what it exited.</param>
/// <param name="Fees">Fees charged to it in the settlement asset: its entry fills' whole fees and its share of each exit fill's.</param>
/// <param name="RealizedPnlPct">(exit − entry)/entry × 100 for a long, mirrored for a short; null until something exited.</param>
/// <param name="Cycle">The number of the exchange-position cycle it contributed to (1-based, as the ledger counts).</param>
/// <param name="Sequence">Its place in that cycle: 1st, 2nd … contribution.</param>
/// <param name="OpenCost">What is still held, valued at its own entry: quote for linear and spot, base for inverse.</param>
public sealed record StrategyPosition(
    string StrategyPositionId,
    string StrategyId,
    string Venue,
    string Account,
    string Symbol,
    PositionSide PositionSide,
    PositionDirection Side,
    decimal EntryQuantity,
    decimal EntryPrice,
    DateTimeOffset? EntryTime,
    decimal? TakeProfitPrice,
    decimal? StopLossPrice,
    StrategyPositionStatus Status,
    decimal OpenQuantity,
    decimal? ExitPrice,
    DateTimeOffset? ExitTime,
    CloseReason? CloseReason,
    decimal RealizedPnl,
    decimal Fees,
    IReadOnlyList<AssetAmount> FeesByAsset,
    IReadOnlyList<AssetAmount> Funding,
    decimal? RealizedPnlPct,
    string ExchangePositionKey,
    int Cycle,
    int Sequence,
    Instrument Instrument,
    decimal OpenCost)
{
    /// <summary>Realized PnL less fees (funding is reported apart, as the ledger does).</summary>
    public decimal NetPnl => RealizedPnl - Fees;

    public PositionKey Key => new(Venue, Account, Symbol, PositionSide);

    /// <summary>The row of <c>position_contributions</c> this position is: its share of the exchange position's cycle.</summary>
    public string ContributionId => $"{Venue}/{Account}/{ExchangePositionKey}/{Cycle}/{Sequence}";

    /// <summary>Price PnL of what is still held if it were closed at <paramref name="markPrice"/>.</summary>
    public decimal UnrealizedPnl(decimal markPrice) =>
        OpenQuantity == 0m ? 0m : ContractValue.ExitPnl(Instrument, Side, OpenCost, ContractValue.Of(Instrument, markPrice, OpenQuantity));
}
