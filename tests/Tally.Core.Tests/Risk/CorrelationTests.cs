using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class CorrelationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AssetClassMap Classes = new(new RiskSettings());

    // Two orthogonal zero-mean return patterns of equal variance, repeating every 4 minutes:
    // x = (+1, −1, +1, −1)·0.001, z = (+1, +1, −1, −1)·0.001; Σx = Σz = Σxz = 0 over each block.
    private static double X(int i) => (i % 2 == 0 ? 1 : -1) * 0.001;

    private static double Z(int i) => (i % 4 < 2 ? 1 : -1) * 0.001;

    // Candles at T0 + i min for i in 0..returns, closes compounding the given log returns from 100.
    private static List<Candle> Path(int returns, Func<int, double> logReturn, int start = 0)
    {
        var candles = new List<Candle>();
        var close = 100d;
        for (var i = 0; i <= returns; i++)
        {
            if (i > 0)
            {
                close *= Math.Exp(logReturn(i - 1));
            }

            var price = (decimal)close;
            candles.Add(new Candle(T0.AddMinutes(start + i), price, price, price, price, 0m, 0m));
        }

        return candles;
    }

    [Fact]
    public void Follower_3x_plus_4z_of_a_leader_x_has_correlation_3_over_5()
    {
        // y = 3x + 4z: cov(y, x) = 3 var, var(y) = (9 + 16) var → 3 / √25 = 0.6.
        var leader = Path(60, X);
        var follower = Path(60, i => (3 * X(i)) + (4 * Z(i)));
        var now = T0.AddMinutes(61); // the 61st candle (minute 60) has closed

        var estimate = Correlation.Estimate(follower, leader, now, TimeSpan.FromMinutes(60), 30, 0.5m);

        Assert.True(estimate.Measured);
        Assert.Equal(60, estimate.Points);
        Assert.Equal(0.6m, estimate.Value, 9);
    }

    [Fact]
    public void Equal_parts_give_one_over_root_two_and_a_mirror_gives_minus_one()
    {
        var leader = Path(60, X);
        var now = T0.AddMinutes(61);

        var half = Correlation.Estimate(Path(60, i => X(i) + Z(i)), leader, now, TimeSpan.FromMinutes(60), 30, 0.5m);
        var mirror = Correlation.Estimate(Path(60, i => -2 * X(i)), leader, now, TimeSpan.FromMinutes(60), 30, 0.5m);

        Assert.Equal(0.707106781m, half.Value, 9); // 1 / √2
        Assert.Equal(-1m, mirror.Value, 9);
    }

    [Fact]
    public void Only_the_last_60_minutes_count()
    {
        // 40 anti-correlated minutes, then 60 identical ones: the window sees only the identical ones → 1.
        var leader = Path(100, X);
        var follower = Path(100, i => i < 40 ? -X(i) : X(i));

        var estimate = Correlation.Estimate(follower, leader, T0.AddMinutes(101), TimeSpan.FromMinutes(60), 30, 0.5m);

        Assert.Equal(60, estimate.Points);
        Assert.Equal(1m, estimate.Value, 9);
    }

    [Fact]
    public void Fewer_than_30_returns_fall_back_to_the_class_default()
    {
        var leader = Path(29, X);
        var now = T0.AddMinutes(30);

        var sol = Correlation.Estimate("SOLUSDT", Path(29, X), leader, now, Classes);
        var eth = Correlation.Estimate("ETHUSDT", Path(29, X), leader, now, Classes);

        Assert.Equal(new CorrelationEstimate(0.5m, 29, Measured: false), sol);
        Assert.Equal(new CorrelationEstimate(0.75m, 29, Measured: false), eth);
    }

    [Fact]
    public void A_missing_leader_minute_drops_the_two_returns_that_need_it()
    {
        var leader = Path(60, X);
        leader.RemoveAt(30); // minute 30: the returns of minutes 30 and 31 have no leader pair

        var estimate = Correlation.Estimate(Path(60, X), leader, T0.AddMinutes(61), TimeSpan.FromMinutes(60), 30, 0.5m);

        Assert.Equal(58, estimate.Points);
        Assert.Equal(1m, estimate.Value, 9);
    }

    [Fact]
    public void A_symbol_that_did_not_move_gets_the_default()
    {
        var flat = Path(60, _ => 0d);

        var estimate = Correlation.Estimate(flat, Path(60, X), T0.AddMinutes(61), TimeSpan.FromMinutes(60), 30, 0.5m);

        Assert.False(estimate.Measured);
        Assert.Equal(0.5m, estimate.Value);
    }

    [Fact]
    public void Leader_at_98_5_percent_of_its_5_minute_high_has_dumped()
    {
        // High 100,000 at T0; 100,000 × 0.985 = 98,500.
        var high = new RollingHigh(TimeSpan.FromMinutes(5));
        high.Add(T0, 100_000m);
        high.Add(T0.AddMinutes(2), 99_000m);

        Assert.Equal(100_000m, high.Add(T0.AddMinutes(5), 98_500m)); // exactly 5 minutes old: still in the window
        Assert.True(CorrelatedDump.LeaderDumped(98_500m, 100_000m, new RiskSettings()));
        Assert.False(CorrelatedDump.LeaderDumped(98_501m, 100_000m, new RiskSettings()));

        // Later the T0 high has left the window; the highest is 99,000 (T0 + 2 min).
        Assert.Equal(99_000m, high.Highest(T0.AddMinutes(5).AddSeconds(1)));
        Assert.Equal(98_500m, high.Highest(T0.AddMinutes(7).AddSeconds(1)));
    }

    [Fact]
    public void Longs_correlated_at_least_0_7_to_the_leader_exit()
    {
        var exits = CorrelatedDump.Exits(
            [new("a", "SOLUSDT", 0.7m), new("b", "XRPUSDT", 0.69m), new("c", "ETHUSDT", 0.95m)],
            new RiskSettings().CorrelationThreshold);

        Assert.Equal(["a", "c"], exits);
    }
}
