using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class CandleBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Trade At(double seconds, decimal price, decimal quantity, Side taker) =>
        new(T0.AddSeconds(seconds), price, quantity, taker);

    [Fact]
    public void Trades_of_one_minute_make_one_candle_with_volume_split_by_taker_side()
    {
        var builder = new CandleBuilder();
        var closed = new List<Candle>();

        builder.Add(At(1, 100m, 2m, Side.Buy), closed);
        builder.Add(At(20, 103m, 1m, Side.Sell), closed);
        builder.Add(At(40, 98m, 0.5m, Side.Sell), closed);
        builder.Add(At(59.9, 101m, 1.5m, Side.Buy), closed);
        Assert.Empty(closed); // the minute is not over yet

        builder.Add(At(60, 102m, 1m, Side.Buy), closed);

        // O 100 H 103 L 98 C 101; taker buy 2 + 1.5 = 3.5, taker sell 1 + 0.5 = 1.5.
        Assert.Equal(new Candle(T0, 100m, 103m, 98m, 101m, 3.5m, 1.5m), Assert.Single(closed));
    }

    [Fact]
    public void Minutes_without_trades_become_flat_empty_candles_at_the_last_close()
    {
        var builder = new CandleBuilder();
        var closed = new List<Candle>();

        builder.Add(At(10, 100m, 1m, Side.Buy), closed);
        builder.Add(At(185, 95m, 1m, Side.Sell), closed); // minute 3

        Assert.Equal(
            [
                new Candle(T0, 100m, 100m, 100m, 100m, 1m, 0m),
                new Candle(T0.AddMinutes(1), 100m, 100m, 100m, 100m, 0m, 0m),
                new Candle(T0.AddMinutes(2), 100m, 100m, 100m, 100m, 0m, 0m),
            ],
            closed);
    }

    [Fact]
    public void Close_through_closes_ended_minutes_without_waiting_for_a_trade()
    {
        var builder = new CandleBuilder();
        var closed = new List<Candle>();
        builder.Add(At(10, 100m, 1m, Side.Sell), closed);

        builder.CloseThrough(T0.AddSeconds(59), closed);
        Assert.Empty(closed);

        builder.CloseThrough(T0.AddSeconds(130), closed); // minutes 0 and 1 are over; 2 is in progress
        Assert.Equal([T0, T0.AddMinutes(1)], closed.Select(c => c.OpenTime));

        builder.CloseThrough(T0.AddSeconds(190), closed);
        Assert.Equal(T0.AddMinutes(2), closed[^1].OpenTime);
    }

    [Fact]
    public void A_trade_older_than_the_candle_in_progress_is_refused()
    {
        var builder = new CandleBuilder();
        var closed = new List<Candle>();
        builder.Add(At(70, 100m, 1m, Side.Buy), closed);

        Assert.False(builder.Add(At(50, 99m, 1m, Side.Buy), closed));
        Assert.Empty(closed);
    }

    [Fact]
    public void A_long_gap_fills_only_the_most_recent_minutes()
    {
        var builder = new CandleBuilder(maxGapCandles: 5);
        var closed = new List<Candle>();
        builder.Add(At(0, 100m, 1m, Side.Buy), closed);

        builder.Add(At(3600, 100m, 1m, Side.Buy), closed); // minute 60

        Assert.Equal(6, closed.Count); // minute 0, then 55 … 59
        Assert.Equal(T0.AddMinutes(55), closed[1].OpenTime);
    }

    [Fact]
    public void Candle_window_keeps_the_last_candles_oldest_first()
    {
        var window = new CandleWindow(3);
        for (var i = 0; i < 5; i++)
        {
            window.Add(new Candle(T0.AddMinutes(i), i, i, i, i, 0m, 0m));
        }

        Assert.Equal([2m, 3m, 4m], window.Select(c => c.Close));
        Assert.Equal(4m, window[^1].Close);
    }

    [Fact]
    public void Kline_taker_sell_volume_is_volume_less_taker_buy()
    {
        var candle = Candle.FromKline(T0, 1m, 2m, 0.5m, 1.5m, volume: 10m, takerBuyVolume: 3.5m);

        Assert.Equal(6.5m, candle.TakerSellVolume);
        Assert.Equal(10m, candle.Volume);
    }
}
