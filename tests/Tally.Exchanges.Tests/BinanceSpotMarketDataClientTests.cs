using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance.Market;

namespace Tally.Exchanges.Tests;

/// <summary>The spot flavour of <see cref="BinanceMarketDataClient"/> against the paper exchange's spot streams and /api/v3/klines.</summary>
public sealed class BinanceSpotMarketDataClientTests
{
    private const string Eth = "ETHUSDT";
    private const string Btc = "BTCUSDT";

    private static readonly BinanceMarketDataOptions Patient = new() { SilenceTimeout = TimeSpan.FromMinutes(10), BaseBackoff = TimeSpan.FromSeconds(5) };

    private static long StartMs => MarketDataFixture.Start.ToUnixTimeMilliseconds();

    [Fact]
    public void The_spot_stream_base_is_binances_for_api_binance_com_and_the_hosts_spot_path_otherwise()
    {
        Assert.Equal(new Uri("wss://stream.binance.com:9443/"), BinanceMarketDataClient.SpotStreamBaseFor(new Uri("https://api.binance.com/")));
        Assert.Equal(new Uri("wss://stream.binance.com:9443/"), BinanceMarketDataClient.SpotStreamBaseFor(new Uri("https://api3.binance.com/")));
        Assert.Equal(new Uri("ws://127.0.0.1:4567/spot/"), BinanceMarketDataClient.SpotStreamBaseFor(new Uri("http://127.0.0.1:4567/")));
    }

    [Fact]
    public async Task Subscribes_to_trades_and_one_minute_klines_without_mark_prices()
    {
        await using var x = await MarketDataFixture.StartSpotAsync(Patient, "ethusdt", Btc);
        Assert.Equal("/spot/stream?streams=ethusdt@aggTrade/ethusdt@kline_1m/btcusdt@aggTrade/btcusdt@kline_1m", x.Client.StreamUri.PathAndQuery);
    }

    [Fact]
    public async Task Spot_trades_and_klines_arrive_typed_with_the_spot_venues_values()
    {
        await using var x = await MarketDataFixture.StartSpotAsync(Patient, Eth);

        await x.AdminAsync("admin/spot/price?symbol=ETHUSDT&price=3010.5&qty=1.5&side=SELL");
        await x.UntilAsync(() => x.Events.OfType<BinanceMarketEvent.Kline>().Any(), "the live kline");
        var trade = Assert.Single(x.Events.OfType<BinanceMarketEvent.AggTrade>());
        Assert.Equal((Eth, 3010.5m, 1.5m, Side.Sell, StartMs), (trade.Symbol, trade.Price, trade.Quantity, trade.TakerSide, trade.TradeTime));
        Assert.Equal(3010.5m, x.Host.SpotVenue.LastPrice(Eth));

        for (var i = 0; i < 30; i++)
        {
            await x.TickSpotAsync(Eth);
        }

        await x.UntilAsync(() => x.Closed(Eth).Count == 1, "the closed minute");
        var closed = x.Closed(Eth)[0];
        Assert.False(closed.IsBackFilled);
        Assert.Equal((StartMs, 3010.5m, 1.5m, 1.5m), (closed.Bar.OpenTime, closed.Bar.Close, closed.Bar.Volume, closed.Bar.TakerSellVolume));
        Assert.Empty(x.Events.OfType<BinanceMarketEvent.MarkPrice>());
    }

    [Fact]
    public async Task Spot_candles_back_filled_over_api_v3_klines_after_a_disconnect_equal_those_of_a_run_without_one()
    {
        var calm = await RunScenarioAsync(disconnectAt: null);
        var broken = await RunScenarioAsync(disconnectAt: 100);

        foreach (var symbol in new[] { Eth, Btc })
        {
            var expected = calm.Candles[symbol];
            Assert.Equal(8, expected.Count);
            Assert.Equal(Enumerable.Range(0, 8).Select(i => StartMs + (i * 60_000L)), expected.Select(b => b.OpenTime));
            Assert.Equal(expected, broken.Candles[symbol]);
            Assert.Contains(expected, b => b.Trades > 0);
        }

        Assert.Equal((0, 0), (calm.Reconnects, calm.BackFilled));
        Assert.Equal(1, broken.Reconnects);
        Assert.True(broken.BackFilled >= 4, $"{broken.BackFilled} candles back-filled"); // minutes 1–2 of each pair at least
    }

    /// <summary>
    /// Eight minutes of scripted spot trades on ETH and BTC, two seconds at a time; with <paramref name="disconnectAt"/>
    /// the server drops the client at that second and it stays away for its 150 s backoff while trading goes on.
    /// </summary>
    private static async Task<(Dictionary<string, List<BinanceKline>> Candles, int Reconnects, int BackFilled)> RunScenarioAsync(int? disconnectAt)
    {
        var options = Patient with { BaseBackoff = TimeSpan.FromSeconds(150), MaxBackoff = TimeSpan.FromSeconds(150) };
        await using var x = await MarketDataFixture.StartSpotAsync(options, Eth, Btc);
        for (var second = 2; second <= 480; second += 2)
        {
            if (second % 22 == 0)
            {
                var price = (3000 + (second % 37) - 18).ToString(CultureInfo.InvariantCulture);
                var qty = (((second % 5) + 1) / 10m).ToString(CultureInfo.InvariantCulture);
                await x.AdminAsync($"admin/spot/price?symbol=ETHUSDT&price={price}&qty={qty}&side={(second % 4 == 0 ? "BUY" : "SELL")}");
            }

            if (second % 34 == 0)
            {
                await x.AdminAsync($"admin/spot/price?symbol=BTCUSDT&price={90000 + (second % 23)}");
            }

            if (second == disconnectAt)
            {
                await x.AdminAsync("admin/spot/market-faults?kind=disconnect&count=1");
            }

            await x.TickSpotAsync(Eth);
        }

        var lastMinute = StartMs + (7 * 60_000L);
        await x.UntilAsync(
            () => x.State == BinanceMarketDataState.Connected && x.Closed(Eth) is [.., { Bar.OpenTime: var eth }] && eth == lastMinute && x.Closed(Btc) is [.., { Bar.OpenTime: var btc }] && btc == lastMinute,
            "the last minute of both pairs");
        var candles = new[] { Eth, Btc }.ToDictionary(s => s, s => x.Closed(s).Select(k => k.Bar).ToList());
        return (candles, x.Client.Reconnects, x.Client.BackFilledCandles);
    }
}
