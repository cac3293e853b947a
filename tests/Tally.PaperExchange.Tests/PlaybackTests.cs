using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.PaperExchange.Market;

namespace Tally.PaperExchange.Tests;

/// <summary>--speed N: price files played back on the exchange clock at N times their own pace.</summary>
public sealed class PlaybackTests : IDisposable
{
    private static readonly string BinanceBtcHours = SharedFolder.PathOf(SharedFolder.LeanData, "crypto", "binance", "hour", "btcusdt_trade.zip");

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"tally-playback-{Guid.NewGuid():N}.csv");

    public PlaybackTests()
    {
        // Minute bars (ms since midnight): closes 3000.50, 3001.25, 2999 with volumes 5, 7 and none.
        File.WriteAllText(_file, "0,1,1,1,3000.50,5\n60000,1,1,1,3001.25,7\n120000,1,1,1,2999,0\n");
    }

    public void Dispose() => File.Delete(_file);

    private PaperVenue Venue(FakeTimeProvider clock, decimal? speed) => new(new PaperExchangeOptions
    {
        TimeProvider = clock,
        PriceFiles = new Dictionary<string, string> { ["ETHUSDT"] = _file },
        PlaybackSpeed = speed,
    });

    [Fact]
    public void Bars_are_played_at_n_times_their_pace_each_as_a_trade_with_its_volume()
    {
        var clock = new FakeTimeProvider(ExchangeFixture.Start);
        var venue = Venue(clock, speed: 60m); // a minute of the file per second of the clock
        Assert.Equal(3000.50m, venue.MarkPrice("ETHUSDT"));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(3000.50m, venue.MarkPrice("ETHUSDT"));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3001.25m, venue.MarkPrice("ETHUSDT"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2999m, venue.MarkPrice("ETHUSDT"));

        // At the end of the file it walks back: 3001.25 again one second later.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3001.25m, venue.MarkPrice("ETHUSDT"));

        var minute = Assert.Single(venue.Klines("ETHUSDT", KlineInterval.OneMinute, null, null, 10));
        Assert.Equal(3, minute.Trades);
        Assert.Equal((3001.25m, 3001.25m, 2999m, 3001.25m), (minute.Open, minute.High, minute.Low, minute.Close));

        // Volumes 7 (bar 1) and 7 (bar 1 again) plus a seeded size for the bar without volume.
        Assert.True(minute.Volume > 14m);
    }

    [Fact]
    public void An_order_on_a_played_symbol_fills_at_the_current_price_without_stepping_the_file()
    {
        var clock = new FakeTimeProvider(ExchangeFixture.Start);
        var venue = Venue(clock, speed: 60m);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 0.1m, null, null, null, null), out _, out var order));
        Assert.Equal(3001.25m, order.AveragePrice);
        Assert.Equal(3001.25m, venue.MarkPrice("ETHUSDT"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2999m, venue.MarkPrice("ETHUSDT"));
    }

    [Fact]
    public void Without_a_speed_the_file_still_steps_once_per_order()
    {
        var clock = new FakeTimeProvider(ExchangeFixture.Start);
        var venue = Venue(clock, speed: null);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3000.50m, venue.MarkPrice("ETHUSDT"));
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 0.1m, null, null, null, null), out _, out var order));
        Assert.Equal(3001.25m, order.AveragePrice);
    }

    [Fact]
    public void A_speed_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaperExchangeOptions { PlaybackSpeed = 0m }.Validate());
    }

    [FixtureFact(SharedFolder.LeanData)]
    public void Hour_bars_read_with_their_times_and_volumes()
    {
        var bars = LeanBars.ReadBars(BinanceBtcHours);
        Assert.Equal(0, bars[0].OffsetMilliseconds);
        Assert.Equal(3_600_000, bars[1].OffsetMilliseconds);
        Assert.True(bars[0].Volume > 0);
    }
}
