using Tally.Core.Analytics;

namespace Tally.Core.Attribution;

/// <summary>
/// How one strategy did, from its strategy positions (the <c>strategy_performance</c> view and
/// <c>tally replay --json</c>'s <c>strategies</c>). Amounts in the settlement asset; a strategy trading
/// instruments of several settlement assets sums them as numbers, so keep one settlement asset per strategy
/// when reading the money columns.
/// </summary>
/// <param name="Positions">Strategy positions opened.</param>
/// <param name="Closed">Of those, fully closed.</param>
/// <param name="TakeProfitHits">Closed ones whose last exit was a take-profit.</param>
/// <param name="StopLossHits">Closed ones whose last exit was a stop-loss.</param>
/// <param name="Wins">Closed ones with net PnL (after fees) above zero.</param>
/// <param name="WinRate">Wins / closed, a fraction 0–1; null with nothing closed.</param>
/// <param name="RealizedPnl">Price PnL realized by every position, closed or partly closed, before fees.</param>
/// <param name="Fees">Fees charged to every position.</param>
/// <param name="AveragePnlPct">Mean realized PnL % of the closed positions; null with nothing closed.</param>
/// <param name="ProfitFactor">Σ net PnL of closed winners / |Σ net PnL of closed losers|; null without a loser.</param>
/// <param name="Expectancy">Mean net PnL per closed position; null with nothing closed.</param>
public sealed record StrategySummary(
    string StrategyId,
    int Positions,
    int Closed,
    int TakeProfitHits,
    int StopLossHits,
    int Wins,
    decimal? WinRate,
    decimal RealizedPnl,
    decimal Fees,
    decimal? AveragePnlPct,
    decimal? ProfitFactor,
    decimal? Expectancy)
{
    public decimal NetPnl => RealizedPnl - Fees;

    /// <summary>Sharpe, Sortino, Calmar and max drawdown over the closed positions (docs/DASHBOARD.md).</summary>
    public TradeRatios Ratios { get; init; } = TradeRatios.None;

    /// <summary>One summary per strategy, in the order strategies first opened a position.</summary>
    public static IReadOnlyList<StrategySummary> Of(IEnumerable<StrategyPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        return [.. positions.GroupBy(p => p.StrategyId, StringComparer.Ordinal).Select(Summarize)];
    }

    private static StrategySummary Summarize(IGrouping<string, StrategyPosition> strategy)
    {
        var all = strategy.ToList();
        var closed = all.Where(p => p.Status == StrategyPositionStatus.Closed).ToList();
        var wins = closed.Count(p => p.NetPnl > 0m);
        var gains = closed.Where(p => p.NetPnl > 0m).Sum(p => p.NetPnl);
        var losses = closed.Where(p => p.NetPnl < 0m).Sum(p => p.NetPnl);
        decimal count = closed.Count;
        return new StrategySummary(
            strategy.Key,
            all.Count,
            closed.Count,
            closed.Count(p => p.CloseReason == CloseReason.TakeProfit),
            closed.Count(p => p.CloseReason == CloseReason.StopLoss),
            wins,
            closed.Count == 0 ? null : wins / count,
            all.Sum(p => p.RealizedPnl),
            all.Sum(p => p.Fees),
            closed.Count == 0 ? null : closed.Sum(p => p.RealizedPnlPct ?? 0m) / count,
            losses == 0m ? null : gains / -losses,
            closed.Count == 0 ? null : closed.Sum(p => p.NetPnl) / count)
        {
            Ratios = TradeRatios.Of(closed),
        };
    }
}
