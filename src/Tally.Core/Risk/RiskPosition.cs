namespace Tally.Core.Risk;

/// <summary>
/// An open strategy position as the portfolio rules see it at one evaluation, valued at its symbol's last price:
/// <see cref="Notional"/> = open quantity × last price (≥ 0), unrealized PnL in the settlement asset and in %
/// of the entry ((last − entry)/entry × 100 for a long, mirrored), and its maximum hold time if its class has
/// one (<see cref="AssetClassMap.MaxHold"/>).
/// </summary>
public sealed record RiskPosition(
    string StrategyPositionId,
    string StrategyId,
    string Symbol,
    string ExchangePositionKey,
    ExposureSide Side,
    DateTimeOffset OpenedAt,
    decimal Notional,
    decimal UnrealizedPnl,
    decimal UnrealizedPnlPct,
    TimeSpan? MaxHold)
{
    /// <summary>
    /// Worst first: lowest unrealized PnL %; among equals the older first (DESIGN §5), then by id so the order
    /// is total.
    /// </summary>
    public static IEnumerable<RiskPosition> WorstFirst(IEnumerable<RiskPosition> positions) =>
        positions.OrderBy(p => p.UnrealizedPnlPct).ThenBy(p => p.OpenedAt).ThenBy(p => p.StrategyPositionId, StringComparer.Ordinal);
}
