using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

/// <summary>Builds <see cref="RiskPosition"/>s for the portfolio-rule tests.</summary>
internal static class RiskPositions
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RiskPosition Open(
        string id,
        decimal pnlPct = 0m,
        decimal? pnl = null,
        string key = "BTCUSDT_LONG",
        decimal notional = 1_000m,
        double openedMinutesAgo = 10,
        TimeSpan? maxHold = null,
        DateTimeOffset? now = null) =>
        new(id, "s1", key.Split('_')[0], key, ExposureSide.Long, (now ?? Now).AddMinutes(-openedMinutesAgo), notional,
            pnl ?? pnlPct * 10m, pnlPct, maxHold);
}
