using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance.Market;

namespace Tally.Exchanges.Tests;

/// <summary><see cref="BinanceMarketDataClient"/> against the paper exchange: typed events, reconnects, gap-free candles.</summary>
public sealed class BinanceMarketDataClientTests
{
    private const string Eth = "ETHUSDT";
    private const string Btc = "BTCUSDT";

    /// <summary>Tests that are not about silence: a long timeout, so a slow machine never trips it.</summary>
    private static readonly BinanceMarketDataOptions Patient = new() { SilenceTimeout = TimeSpan.FromMinutes(10), BaseBackoff = TimeSpan.FromSeconds(5) };

    private static long StartMs => MarketDataFixture.Start.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Subscribes_to_trades_mark_prices_and_one_minute_klines_on_one_combined_stream()
    {
        await using var x = await MarketDataFixture.StartAsync(Patient, "ethusdt", Btc);
        Assert.Equal(
            "/stream?streams=ethusdt@aggTrade/ethusdt@markPrice@1s/ethusdt@kline_1m/btcusdt@aggTrade/btcusdt@markPrice@1s/btcusdt@kline_1m",
            x.Client.StreamUri.PathAndQuery);
        Assert.Equal(BinanceMarketDataState.Connecting, x.Statuses[0].State);
    }

    [Fact]
    public async Task Every_event_type_arrives_typed_with_the_exchange_values()
    {
        await using var x = await MarketDataFixture.StartAsync(Patient, Eth);

        await x.AdminAsync("admin/price?symbol=ETHUSDT&price=3010&qty=1.5&side=SELL");
        await x.UntilAsync(() => x.Events.OfType<BinanceMarketEvent.Kline>().Any(), "the live kline");
        var trade = Assert.Single(x.Events.OfType<BinanceMarketEvent.AggTrade>());
        Assert.Equal((3010m, 1.5m, Side.Sell, StartMs), (trade.Price, trade.Quantity, trade.TakerSide, trade.TradeTime));
        var live = Assert.Single(x.Events.OfType<BinanceMarketEvent.Kline>());
        Assert.False(live.IsClosed);
        Assert.Equal((3010m, 1.5m, 0m, 1L, trade.AggregateTradeId), (live.Bar.Close, live.Bar.Volume, live.Bar.TakerBuyVolume, live.Bar.Trades, live.FirstTradeId));

        await x.TickAsync(Eth);
        var mark = Assert.Single(x.Events.OfType<BinanceMarketEvent.MarkPrice>());
        Assert.Equal((StartMs + 1000, 3010m, 3010m), (mark.EventTime, mark.Price, mark.IndexPrice));
        Assert.NotNull(mark.FundingRate);
        Assert.Equal(x.Host.Venue.NextFundingTime.ToUnixTimeMilliseconds(), mark.NextFundingTime);

        for (var i = 1; i < 60; i++)
        {
            await x.TickAsync(Eth);
        }

        await x.UntilAsync(() => x.Closed(Eth).Count == 1, "the closed minute");
        var closed = x.Closed(Eth)[0];
        Assert.False(closed.IsBackFilled);
        Assert.Equal((StartMs, StartMs + 59_999, 3010m, 1.5m, 1.5m), (closed.Bar.OpenTime, closed.Bar.CloseTime, closed.Bar.Open, closed.Bar.Volume, closed.Bar.TakerSellVolume));
    }

    [Fact]
    public async Task A_scripted_disconnect_is_followed_by_a_reconnect_after_the_backoff()
    {
        await using var x = await MarketDataFixture.StartAsync(Patient, Eth);
        await x.TickAsync(Eth);

        await x.AdminAsync("admin/market-faults?kind=disconnect&count=1");
        await x.TickAsync(Eth);
        await x.UntilAsync(() => x.State == BinanceMarketDataState.Reconnecting, "the reconnecting state");
        var reconnecting = x.Statuses[^1];
        Assert.Equal((1, "closed by the server", TimeSpan.FromSeconds(5)), (reconnecting.Attempt, reconnecting.Reason, reconnecting.Delay));

        await x.AdvanceUntilAsync(() => x.State == BinanceMarketDataState.Connected, "the second connection");
        Assert.Equal(1, x.Client.Reconnects);
        await x.TickAsync(Eth);
        Assert.Contains(x.Events.OfType<BinanceMarketEvent.MarkPrice>(), m => m.EventTime == x.NowMs);
    }

    [Fact]
    public async Task A_stream_that_goes_silent_is_replaced()
    {
        var options = new BinanceMarketDataOptions { SilenceTimeout = TimeSpan.FromSeconds(3), BaseBackoff = TimeSpan.FromSeconds(1) };
        await using var x = await MarketDataFixture.StartAsync(options, Eth);
        await x.TickAsync(Eth);

        // The next three mark prices are swallowed while the socket stays open and answers pings.
        await x.AdminAsync("admin/market-faults?kind=silent&count=3");
        await x.AdvanceUntilAsync(() => x.State == BinanceMarketDataState.Reconnecting, "the silence check");
        Assert.Equal("silent for 3 s", x.Statuses[^1].Reason);

        await x.AdvanceUntilAsync(() => x.State == BinanceMarketDataState.Connected, "the new connection");
        await x.TickAsync(Eth);
        Assert.Contains(x.Events.OfType<BinanceMarketEvent.MarkPrice>(), m => m.EventTime == x.NowMs);
    }

    [Fact]
    public async Task A_lost_closed_candle_is_fetched_over_rest_before_the_next_one()
    {
        await using var x = await MarketDataFixture.StartAsync(Patient, Eth);
        for (var i = 0; i < 60; i++)
        {
            await x.TickAsync(Eth);
        }

        await x.AdminAsync("admin/price?symbol=ETHUSDT&price=3010&qty=2&side=BUY");
        for (var i = 0; i < 59; i++)
        {
            await x.TickAsync(Eth);
        }

        // At 00:02:00 the closed minute 1 is the first message, before that second's mark price: it is lost.
        await x.AdminAsync("admin/market-faults?kind=drop&count=1");
        await x.TickAsync(Eth);
        Assert.Equal([StartMs], x.Closed(Eth).Select(k => k.Bar.OpenTime));

        for (var i = 0; i < 60; i++)
        {
            await x.TickAsync(Eth);
        }

        await x.UntilAsync(() => x.Closed(Eth).Count == 3, "minutes 0 to 2");
        var closed = x.Closed(Eth);
        Assert.Equal([StartMs, StartMs + 60_000, StartMs + 120_000], closed.Select(k => k.Bar.OpenTime));
        Assert.Equal([false, true, false], closed.Select(k => k.IsBackFilled));
        Assert.Equal((3010m, 2m, 2m), (closed[1].Bar.Close, closed[1].Bar.Volume, closed[1].Bar.TakerBuyVolume));
        Assert.Equal(0, x.Client.Reconnects);
    }

    [Fact]
    public async Task A_garbled_frame_is_skipped_and_counted()
    {
        await using var x = await MarketDataFixture.StartAsync(Patient, Eth);
        await x.AdminAsync("admin/market-raw");
        await x.TickAsync(Eth);
        Assert.Equal(1, x.Client.MalformedFrames);
        Assert.Equal(0, x.Client.Reconnects);
    }

    [Fact]
    public async Task History_candles_are_back_filled_at_the_first_connection()
    {
        // The exchange has run for 5.5 minutes: minutes 0–4 closed, 5 open. The client asks for the last three.
        await using var x = await MarketDataFixture.StartAsync(Patient with { HistoryCandles = 3 }, TimeSpan.FromSeconds(330), Eth);
        await x.UntilAsync(() => x.Closed(Eth).Count == 3, "three history candles");
        Assert.Equal([StartMs + 120_000, StartMs + 180_000, StartMs + 240_000], x.Closed(Eth).Select(k => k.Bar.OpenTime));
        Assert.All(x.Closed(Eth), k => Assert.True(k.IsBackFilled));
        Assert.Equal(3, x.Client.BackFilledCandles);
    }

    [Fact]
    public async Task Candles_back_filled_after_a_disconnect_equal_those_of_a_run_without_one()
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
        Assert.True(broken.BackFilled >= 4, $"{broken.BackFilled} candles back-filled"); // minutes 1–2 of each symbol at least
    }

    /// <summary>
    /// Eight minutes of scripted trades on ETH and BTC, a second at a time; with <paramref name="disconnectAt"/> the
    /// server drops the client at that second and it stays away for its 150 s backoff while trading goes on.
    /// </summary>
    private static async Task<(Dictionary<string, List<BinanceKline>> Candles, int Reconnects, int BackFilled)> RunScenarioAsync(int? disconnectAt)
    {
        var options = Patient with { BaseBackoff = TimeSpan.FromSeconds(150), MaxBackoff = TimeSpan.FromSeconds(150) };
        await using var x = await MarketDataFixture.StartAsync(options, Eth, Btc);
        for (var second = 1; second <= 480; second++)
        {
            if (second % 11 == 0)
            {
                var price = (3000 + (second % 37) - 18).ToString(CultureInfo.InvariantCulture);
                var qty = (((second % 5) + 1) / 10m).ToString(CultureInfo.InvariantCulture);
                await x.AdminAsync($"admin/price?symbol=ETHUSDT&price={price}&qty={qty}&side={(second % 2 == 0 ? "BUY" : "SELL")}");
            }

            if (second % 17 == 0)
            {
                await x.AdminAsync($"admin/price?symbol=BTCUSDT&price={90000 + (second % 23)}");
            }

            if (second == disconnectAt)
            {
                await x.AdminAsync("admin/market-faults?kind=disconnect&count=1");
            }

            await x.TickAsync(Eth);
        }

        var lastMinute = StartMs + (7 * 60_000L);
        await x.UntilAsync(
            () => x.State == BinanceMarketDataState.Connected && x.Closed(Eth) is [.., { Bar.OpenTime: var eth }] && eth == lastMinute && x.Closed(Btc) is [.., { Bar.OpenTime: var btc }] && btc == lastMinute,
            "the last minute of both symbols");
        var candles = new[] { Eth, Btc }.ToDictionary(s => s, s => x.Closed(s).Select(k => k.Bar).ToList());
        return (candles, x.Client.Reconnects, x.Client.BackFilledCandles);
    }
}
