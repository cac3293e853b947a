using Tally.Core.Risk;
using static Tally.Core.Tests.Risk.RiskPositions;

namespace Tally.Core.Tests.Risk;

public class PortfolioHealthTests
{
    [Theory]
    [InlineData(-200, 12)]   // −2 %: 40 × (−2 + 5)/10 = 12
    [InlineData(0, 20)]      // 0 %: 40 × 0.5
    [InlineData(300, 32)]    // +3 %: 40 × 0.8
    [InlineData(-500, 0)]    // −5 %: the floor
    [InlineData(-900, 0)]    // clamped at 0
    [InlineData(800, 40)]    // clamped at 40
    public void P_is_40_times_todays_pnl_percent_plus_5_over_10_clamped(decimal todayPnl, decimal expected) =>
        Assert.Equal(expected, PortfolioHealth.Score([], 10_000m, todayPnl, Now).Pnl);

    [Fact]
    public void Score_adds_the_four_parts_as_DESIGN_gives_them()
    {
        // P: −2 % → 12. Q: 3 of 4 not losing → 30 × 0.75 = 22.5.
        // C: exchange notionals BTC 4,000 + 2,000 = 6,000, ETH 2,000, SOL 2,000 → s = 0.6, n = 3 → 20 × 0.4 / (2/3) = 12.
        // T: scalping (30 min max) aged 10 min is young (< 15), aged 20 min is not; no max is young → 3 of 4 → 7.5.
        var thirty = TimeSpan.FromMinutes(30);
        var open = new[]
        {
            Open("a", pnl: 5m, notional: 4_000m, openedMinutesAgo: 10, maxHold: thirty),
            Open("b", pnl: 0m, notional: 2_000m, openedMinutesAgo: 20, maxHold: thirty),
            Open("c", pnl: -1m, key: "ETHUSDT_LONG", notional: 2_000m),
            Open("d", pnl: 3m, key: "SOLUSDT_SHORT", notional: 2_000m),
        };

        var score = PortfolioHealth.Score(open, 10_000m, -200m, Now);

        Assert.Equal(new HealthScore(12m, 22.5m, 12m, 7.5m), score);
        Assert.Equal(54m, score.Total);
    }

    [Fact]
    public void Concentration_is_full_with_one_exchange_position_and_zero_when_one_holds_all_but_nothing()
    {
        Assert.Equal(20m, PortfolioHealth.Score([Open("a"), Open("b")], 10_000m, 0m, Now).Concentration);

        // Two keys, equal notional: s = 0.5, n = 2 → 20 × 0.5 / 0.5 = 20.
        Assert.Equal(20m, PortfolioHealth.Score([Open("a"), Open("b", key: "ETHUSDT_LONG")], 10_000m, 0m, Now).Concentration);
    }

    [Fact]
    public void Empty_portfolio_has_full_quality_concentration_and_time()
    {
        var score = PortfolioHealth.Score([], 10_000m, 0m, Now);

        Assert.Equal(80m, score.Total); // 20 + 30 + 20 + 10
    }
}
