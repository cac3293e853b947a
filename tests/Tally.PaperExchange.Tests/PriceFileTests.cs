using Microsoft.Extensions.Time.Testing;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>Prices driven by the real LEAN bars under ../shared/data/lean.</summary>
public sealed class PriceFileTests
{
    private static readonly string BinanceBtcHours = SharedFolder.PathOf(SharedFolder.LeanData, "crypto", "binance", "hour", "btcusdt_trade.zip");
    private static readonly string BinanceAdaMinutes = SharedFolder.PathOf(SharedFolder.LeanData, "cryptofuture", "binance", "minute", "adausdt", "20221213_trade.zip");

    private static PaperOrder Market(PaperVenue venue, string symbol, decimal quantity)
    {
        Assert.Null(venue.TryPlace(new OrderRequest(symbol, Side.Buy, OrderType.Market, null, quantity, null, null, null, null), out _, out var order));
        return order;
    }

    [FixtureFact(SharedFolder.LeanData)]
    public void Hour_and_minute_files_read_every_close_in_order()
    {
        var hours = LeanBars.ReadCloses(BinanceBtcHours);
        Assert.Equal(120, hours.Count);
        Assert.Equal([8955.01m, 8994.99m, 9009.11m], hours.Take(3));
        Assert.Equal(9864m, hours[^1]);

        var minutes = LeanBars.ReadCloses(BinanceAdaMinutes);
        Assert.Equal(1440, minutes.Count);
        Assert.Equal(0.3068m, minutes[0]);
        Assert.Equal(0.3141m, minutes[^1]);
    }

    [FixtureFact(SharedFolder.LeanData)]
    public void Each_step_moves_to_the_next_close_rounded_to_the_tick()
    {
        var venue = new PaperVenue(new PaperExchangeOptions
        {
            TimeProvider = new FakeTimeProvider(ExchangeFixture.Start),
            PriceFiles = new Dictionary<string, string> { ["BTCUSDT"] = BinanceBtcHours, ["XRPUSDT"] = BinanceAdaMinutes },
        });

        // BTCUSDT tick 0.1: 8955.01 → 8955.0, 8994.99 → 8995.0, 9009.11 → 9009.1, 8938.01 → 8938.0.
        Assert.Equal(8955.0m, venue.MarkPrice("BTCUSDT"));
        Assert.Equal([8995.0m, 9009.1m, 8938.0m], Enumerable.Range(0, 3).Select(_ => Market(venue, "BTCUSDT", 0.02m).AveragePrice));

        // XRPUSDT (tick 0.0001) on ADA closes, untouched by the BTC orders: 0.3068, then 0.3071.
        Assert.Equal(0.3068m, venue.MarkPrice("XRPUSDT"));
        Assert.Equal(0.3071m, Market(venue, "XRPUSDT", 100m).AveragePrice);

        // Symbols without a file keep their random walk.
        Assert.Equal(3000m, PaperSymbol.Defaults[1].StartPrice);
    }

    [FixtureFact(SharedFolder.LeanData)]
    public void Two_venues_on_the_same_files_see_the_same_prices()
    {
        decimal[] Run()
        {
            var venue = new PaperVenue(new PaperExchangeOptions { PriceFiles = new Dictionary<string, string> { ["BTCUSDT"] = BinanceBtcHours } });
            return Enumerable.Range(0, 300).Select(_ => Market(venue, "BTCUSDT", 0.02m).AveragePrice).ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(3, new[] { 0, 1, 2, 1, 0, 1, 2, 1 })]
    [InlineData(1, new[] { 0, 0, 0 })]
    [InlineData(2, new[] { 0, 1, 0, 1 })]
    public void At_the_end_of_the_file_the_feed_walks_back_then_forward(int count, int[] indices) =>
        Assert.Equal(indices, Enumerable.Range(0, indices.Length).Select(step => LeanBars.IndexAt(step, count)));

    [Fact]
    public void A_bad_line_is_refused_naming_the_file_and_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paper-bars-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "0,1,1,1,1,5\n60000,1,1,1,one,5\n");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => LeanBars.ReadCloses(path));
            Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_for_an_unknown_symbol_or_a_missing_file_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paper-bars-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "0,1,1,1,1,5\n");
        try
        {
            Assert.Throws<ArgumentException>(() => new PaperVenue(new PaperExchangeOptions { PriceFiles = new Dictionary<string, string> { ["DOGEUSDT"] = path } }));
            Assert.Throws<ArgumentException>(() => new PaperVenue(new PaperExchangeOptions { PriceFiles = new Dictionary<string, string> { ["BTCUSDT"] = path + ".nope.zip" } }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
