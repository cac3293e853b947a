using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class TrailingStopTests
{
    private static TrailingStop Fold(TrailingStop stop, params decimal[] ticks)
    {
        foreach (var tick in ticks)
        {
            (stop, var triggered) = stop.OnTick(tick);
            Assert.False(triggered, $"tick {tick} should hold");
        }

        return stop;
    }

    [Fact]
    public void Binance_example_7_percent_from_40000_holds_at_39500_and_triggers_at_42315()
    {
        // 42,000 → H 42,000, stop 42,000 × 0.93 = 39,060; 39,500 > 39,060 holds;
        // 45,500 → stop 45,500 × 0.93 = 42,315; 42,316 holds, 42,315 exits.
        var stop = Fold(TrailingStop.Open(ExposureSide.Long, 40_000m, 0.07m), 42_000m);
        Assert.Equal(39_060m, stop.Stop);

        stop = Fold(stop, 39_500m, 45_500m, 42_316m);
        Assert.Equal(42_315m, stop.Stop);
        Assert.Equal(45_500m, stop.Extreme);

        var (_, triggered) = stop.OnTick(42_315m);
        Assert.True(triggered);
    }

    [Fact]
    public void Binance_example_with_activation_42000_has_no_stop_before_42000_then_the_same_trail()
    {
        // Before activation 41,000 and even a 37,000 dip exit nothing (no stop yet);
        // 42,000 activates: stop 39,060; then as above: 45,500 → 42,315.
        var stop = Fold(TrailingStop.Open(ExposureSide.Long, 40_000m, 0.07m, activation: 42_000m), 41_000m, 37_000m);
        Assert.False(stop.Activated);
        Assert.Null(stop.Stop);

        stop = Fold(stop, 42_000m);
        Assert.True(stop.Activated);
        Assert.Equal(39_060m, stop.Stop);

        stop = Fold(stop, 39_500m, 45_500m);
        Assert.Equal(42_315m, stop.Stop);
        Assert.True(stop.OnTick(42_315m).Triggered);
    }

    [Fact]
    public void Long_stop_ratchets_up_with_the_high_and_never_down()
    {
        // Regular 0.5 % from 100: stop 99.5; 102 → 101.49; 101.8 leaves it at 101.49; 101.49 exits.
        var stop = TrailingStop.Open(ExposureSide.Long, 100m, 0.005m);
        Assert.Equal(99.5m, stop.Stop);

        stop = Fold(stop, 102m, 101.8m);
        Assert.Equal(101.49m, stop.Stop);
        Assert.True(stop.OnTick(101.49m).Triggered);
    }

    [Fact]
    public void Short_stop_ratchets_down_with_the_low_and_triggers_at_or_above()
    {
        // Major 0.3 % short from 50,000: stop 50,150; 49,000 → 49,000 × 1.003 = 49,147; 49,100 holds, 49,147 exits.
        var stop = TrailingStop.Open(ExposureSide.Short, 50_000m, 0.003m);
        Assert.Equal(50_150m, stop.Stop);

        stop = Fold(stop, 49_000m, 49_100m);
        Assert.Equal(49_147m, stop.Stop);
        Assert.Equal(49_000m, stop.Extreme);
        Assert.True(stop.OnTick(49_147m).Triggered);
    }

    [Fact]
    public void Short_with_activation_starts_trailing_once_the_price_falls_to_it()
    {
        // Short 7 % from 40,000, activation 38,000: 43,000 exits nothing (no stop);
        // 38,000 activates: stop 38,000 × 1.07 = 40,660; 36,000 → 38,520; 38,520 exits.
        var stop = Fold(TrailingStop.Open(ExposureSide.Short, 40_000m, 0.07m, activation: 38_000m), 43_000m);
        Assert.Null(stop.Stop);

        stop = Fold(stop, 38_000m);
        Assert.Equal(40_660m, stop.Stop);

        stop = Fold(stop, 36_000m);
        Assert.Equal(38_520m, stop.Stop);
        Assert.True(stop.OnTick(38_520m).Triggered);
    }

    [Fact]
    public void Activation_the_entry_already_reached_counts_from_the_entry()
    {
        var stop = TrailingStop.Open(ExposureSide.Long, 100m, 0.005m, activation: 99m);

        Assert.True(stop.Activated);
        Assert.Equal(99.5m, stop.Stop);
    }

    [Fact]
    public void Tightened_mode_caps_the_distance_and_the_stop_does_not_loosen_when_it_ends()
    {
        // Meme 17.5 % from 1.00 up to 1.20: stop 0.99. Tightened (cap 0.3 %): 1.20 × 0.997 = 1.1964.
        // Lifted: the trail at 17.5 % (0.99) is lower, the stop stays 1.1964; 1.1965 holds, 1.1964 exits.
        var stop = Fold(TrailingStop.Open(ExposureSide.Long, 1.00m, 0.175m), 1.20m);
        Assert.Equal(0.99m, stop.Stop);

        stop = stop.WithDistanceCap(0.003m);
        Assert.Equal(1.1964m, stop.Stop);
        Assert.Equal(0.003m, stop.EffectiveDistance);

        stop = Fold(stop.WithDistanceCap(null), 1.1965m);
        Assert.Equal(1.1964m, stop.Stop);
        Assert.True(stop.OnTick(1.1964m).Triggered);
    }

    [Fact]
    public void Cap_wider_than_the_distance_changes_nothing()
    {
        var stop = TrailingStop.Open(ExposureSide.Long, 100m, 0.001m).WithDistanceCap(0.003m);

        Assert.Equal(0.001m, stop.EffectiveDistance);
        Assert.Equal(99.9m, stop.Stop);
    }
}
