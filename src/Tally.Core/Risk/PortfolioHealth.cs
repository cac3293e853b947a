namespace Tally.Core.Risk;

/// <summary>The portfolio health score of DESIGN §5, computed from the open strategy positions at <c>now</c>.</summary>
public static class PortfolioHealth
{
    /// <summary>
    /// P = 40·clamp((today's PnL % of day-start equity + 5)/10, 0, 1);
    /// Q = 30 × share of open positions with unrealized PnL ≥ 0;
    /// C = 20 × (1 − s)/(1 − 1/n), s the largest exchange position's share of all open notional, n ≥ 2 the number
    /// of exchange positions (20 when n ≤ 1 or nothing is open);
    /// T = 10 × share of open positions younger than half their maximum hold time (no maximum = young).
    /// With no open position Q and T are full: nothing is losing or old. A day-start equity ≤ 0 reads as 0 % PnL.
    /// Example: E0 10,000, today −200 → −2 % → P = 40 × 0.3 = 12.
    /// </summary>
    public static HealthScore Score(IReadOnlyList<RiskPosition> open, decimal dayStartEquity, decimal todayPnl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(open);
        var p = PnlPart(dayStartEquity, todayPnl);
        if (open.Count == 0)
        {
            return Compose(p, 0, 0, 0, 20m);
        }

        var notLosing = 0;
        var young = 0;
        foreach (var x in open)
        {
            notLosing += x.UnrealizedPnl >= 0m ? 1 : 0;
            young += x.MaxHold is not { } max || now - x.OpenedAt < max / 2 ? 1 : 0;
        }

        var notionals = open
            .GroupBy(x => x.ExchangePositionKey, StringComparer.Ordinal)
            .Select(g => g.Sum(x => Math.Abs(x.Notional)))
            .ToList();
        return Compose(p, open.Count, notLosing, young, Concentration(notionals.Count, notionals.Sum(), notionals.Count == 0 ? 0m : notionals.Max()));
    }

    /// <summary>P from today's PnL and the day-start equity.</summary>
    internal static decimal PnlPart(decimal dayStartEquity, decimal todayPnl)
    {
        var pnlPct = dayStartEquity > 0m ? todayPnl / dayStartEquity * 100m : 0m;
        return 40m * Math.Clamp((pnlPct + 5m) / 10m, 0m, 1m);
    }

    /// <summary>The score from its counted inputs (the monitor keeps them up to date instead of listing positions).</summary>
    internal static HealthScore Compose(decimal pnlPart, int count, int notLosing, int young, decimal concentration)
    {
        if (count == 0)
        {
            return new HealthScore(pnlPart, 30m, 20m, 10m);
        }

        var n = (decimal)count;
        return new HealthScore(pnlPart, 30m * notLosing / n, concentration, 10m * young / n);
    }

    /// <summary>C from the number of exchange positions, their total notional and the largest one's.</summary>
    internal static decimal Concentration(int n, decimal total, decimal largest)
    {
        if (n <= 1 || total <= 0m)
        {
            return 20m;
        }

        // (1 − s)/(1 − 1/n) computed as n·(1 − s)/(n − 1), which keeps 1/3 from rounding:
        // [6,000, 2,000, 2,000]: s = 0.6, n = 3 → 20 × 3 × 0.4 / 2 = 12.
        var s = largest / total;
        return 20m * n * (1m - s) / (n - 1);
    }
}
