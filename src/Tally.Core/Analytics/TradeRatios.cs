using Tally.Core.Attribution;

namespace Tally.Core.Analytics;

/// <summary>
/// Risk-adjusted figures of a sequence of closed trades (docs/DASHBOARD.md, "Conventions"): per-trade returns,
/// no annualisation, a risk-free rate of 0, sample standard deviation (n − 1).
/// </summary>
/// <param name="Trades">Closed trades counted.</param>
/// <param name="MeanReturn">Mean per-trade return; null without a trade.</param>
/// <param name="Sharpe">Mean return / sample standard deviation of the returns; null with fewer than 2 trades or no deviation.</param>
/// <param name="Sortino">Mean return / downside deviation √(Σ min(r, 0)² / (n − 1)); null with fewer than 2 trades or no losing trade.</param>
/// <param name="MaxDrawdown">
/// The largest fall of the cumulative net PnL (starting at 0, trades in closing order) from its running peak, in
/// the settlement asset; 0 when it never fell.
/// </param>
/// <param name="Calmar">Total net PnL / <paramref name="MaxDrawdown"/>; null when there was no drawdown.</param>
public sealed record TradeRatios(int Trades, decimal? MeanReturn, decimal? Sharpe, decimal? Sortino, decimal MaxDrawdown, decimal? Calmar)
{
    /// <summary>Figures of nothing: no trade.</summary>
    public static TradeRatios None { get; } = new(0, null, null, null, 0m, null);

    /// <summary>The figures of a strategy's positions: only the closed ones count.</summary>
    public static TradeRatios Of(IEnumerable<StrategyPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        return Of(positions.Select(TradeOutcome.Of).OfType<TradeOutcome>());
    }

    /// <summary>The figures of <paramref name="trades"/>, taken in closing order (then by id).</summary>
    public static TradeRatios Of(IEnumerable<TradeOutcome> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var ordered = trades.OrderBy(t => t.ClosedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var n = ordered.Count;
        if (n == 0)
        {
            return None;
        }

        var mean = ordered.Sum(t => t.Return) / n;
        decimal? sharpe = null;
        decimal? sortino = null;
        if (n >= 2)
        {
            var deviation = SquareRoot(ordered.Sum(t => (t.Return - mean) * (t.Return - mean)) / (n - 1));
            var downside = SquareRoot(ordered.Sum(t => t.Return < 0m ? t.Return * t.Return : 0m) / (n - 1));
            sharpe = deviation == 0m ? null : mean / deviation;
            sortino = downside == 0m ? null : mean / downside;
        }

        var equity = 0m;
        var peak = 0m;
        var drawdown = 0m;
        foreach (var trade in ordered)
        {
            equity += trade.NetPnl;
            peak = Math.Max(peak, equity);
            drawdown = Math.Max(drawdown, peak - equity);
        }

        return new TradeRatios(n, mean, sharpe, sortino, drawdown, drawdown == 0m ? null : equity / drawdown);
    }

    /// <summary>√<paramref name="value"/> in decimal (Newton's method from the double estimate), so results do not depend on the platform's floating point.</summary>
    public static decimal SquareRoot(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0m)
        {
            return 0m;
        }

        var x = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 8; i++)
        {
            var next = (x + (value / x)) / 2m;
            if (next == x)
            {
                break;
            }

            x = next;
        }

        return x;
    }
}
