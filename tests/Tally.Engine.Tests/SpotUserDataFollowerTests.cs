using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Tests;

public sealed class SpotUserDataFollowerTests
{
    // Only a guard against a hung test: every wait below ends as soon as the awaited event happens.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_follower_backfills_before_going_live_then_stores_the_subscriptions_fills_equal_to_my_trades()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(40, seed: 10, marketOnly: true);
        var before = await x.ExchangeTradeCountAsync();
        await using var run = Follow(x);

        await run.UntilStatusAsync(StreamStatus.Live);
        Assert.Equal(before, await x.Log!.CountFillsAsync(CancellationToken.None));
        var restCalls = x.Handler.Count("myTrades");

        for (var i = 0; i < 25; i++)
        {
            var side = i % 2 == 0 ? Side.Buy : Side.Sell;
            await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", side, BinanceSpotOrderType.Market, 0.01m * (i + 1), $"live-{i}"), CancellationToken.None);
            Assert.Equal([IngestStatus.Stored], (await run.NextFillAsync()).Statuses);
        }

        // Nothing more was read over REST: the 25 fills came from the subscription, with their client order ids.
        Assert.Equal(restCalls, x.Handler.Count("myTrades"));
        var streamed = (await x.LocalTradesAsync("ETHUSDT")).Where(f => f.Fill.ClientOrderId is not null).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"live-{i}"), streamed.Select(f => f.Fill.ClientOrderId));
        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(compareRaw: false);
    }

    [Fact]
    public async Task Events_the_subscription_dropped_are_found_by_the_backfill_after_a_reconnect()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await using var run = Follow(x);
        await run.UntilStatusAsync(StreamStatus.Live);

        // A MARKET order makes three events (NEW, TRADE, outboundAccountPosition): drop two whole orders.
        x.Host.SpotStream.DropNext(6);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.001m, "lost-1"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BNBUSDT", Side.Sell, BinanceSpotOrderType.Market, 0.5m, "lost-2"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Sell, BinanceSpotOrderType.Market, 0.0005m, "seen"), CancellationToken.None);
        Assert.Equal([IngestStatus.Stored], (await run.NextFillAsync()).Statuses);
        Assert.Equal(6, x.Host.SpotStream.Dropped);
        Assert.Equal(1L, await x.Log!.CountFillsAsync(CancellationToken.None));

        x.Host.SpotStream.DisconnectAll();
        await run.UntilStatusAsync(StreamStatus.Connecting);
        await run.UntilStatusAsync(StreamStatus.Live);

        Assert.Equal(2, run.Follower.Connections);
        Assert.Equal(3L, await x.Log.CountFillsAsync(CancellationToken.None));
        var lost = (await x.LocalTradesAsync("BNBUSDT")).Single();
        Assert.Null(lost.Fill.ClientOrderId); // from the REST back-fill, not the subscription
        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(compareRaw: false);
    }

    [Fact]
    public async Task A_dropped_event_is_found_by_the_periodic_sweep_while_the_subscription_stays_open()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await using var run = Follow(x, sweepInterval: TimeSpan.FromMinutes(1));
        await run.UntilStatusAsync(StreamStatus.Live);
        Assert.Equal(0, (await run.NextSweepAsync()).Stored);

        x.Host.SpotStream.DropNext(3);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.2m, "dropped"), CancellationToken.None);

        // The virtual clock fires each sweep timer at once; wait for the sweep that stores the dropped fill.
        while ((await run.NextSweepAsync()).Stored == 0)
        {
        }

        Assert.Equal(1, run.Follower.Connections);
        Assert.Equal(1L, await x.Log!.CountFillsAsync(CancellationToken.None));
        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(compareRaw: false);
    }

    [Fact]
    public async Task A_silent_subscription_is_found_by_the_rest_check_and_the_reconnect_back_fills_what_it_swallowed()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        var clock = new FakeTimeProvider(SpotSyncFixture.Start);
        var interval = TimeSpan.FromSeconds(30);
        await using var run = new FollowerProbe(Guard);
        run.Start(new UserDataFollower(new SpotUserDataStream(x.Client, x.Synchronizer(), x.WebSocketApi), x.Log!, x.Options(), clock)
        {
            SilentCheckInterval = interval,
            SilentGrace = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.Zero,
            StatusChanged = run.OnStatus,
            FillIngested = run.OnFill,
            SilentChecked = run.OnCheck,
        });
        await run.UntilStatusAsync(StreamStatus.Live);
        clock.Advance(interval);
        Assert.Equal(new SilentCheckResult(0, false), await run.NextCheckAsync());

        // One MARKET order's three events swallowed while the subscription stays open.
        x.Host.SpotStream.DropNext(3);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.2m, "hushed"), CancellationToken.None);
        clock.Advance(interval);
        Assert.Equal(new SilentCheckResult(1, false), await run.NextCheckAsync()); // within the grace
        clock.Advance(interval);
        Assert.Equal(new SilentCheckResult(1, true), await run.NextCheckAsync());
        await run.UntilStatusAsync(StreamStatus.Connecting);
        await run.UntilStatusAsync(StreamStatus.Live);

        Assert.Equal(new FollowerHealth(StreamStatus.Live, 2, 1, 1, 0), run.Follower.Health);
        Assert.Null(Assert.Single(await x.LocalTradesAsync("ETHUSDT")).Fill.ClientOrderId); // from the REST back-fill
        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(compareRaw: false);
    }

    [Fact]
    public async Task A_subscription_signed_with_the_wrong_secret_is_refused_with_the_exchanges_code()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = x.Host.BaseAddress };
        var wrong = new BinanceSpotClient(http, x.Host.ApiKey, new BinanceSigner(new string('0', 64)), x.Clock);

        var refused = await Assert.ThrowsAsync<BinanceApiException>(() => wrong.SubscribeUserDataAsync(x.WebSocketApi, CancellationToken.None));

        Assert.Equal(-1022, refused.Code);
        Assert.Equal(0, x.Host.SpotStream.Subscriptions);
    }

    private static FollowerProbe Follow(SpotSyncFixture x, TimeSpan? sweepInterval = null)
    {
        var probe = new FollowerProbe(Guard);
        return probe.Start(new UserDataFollower(new SpotUserDataStream(x.Client, x.Synchronizer(), x.WebSocketApi), x.Log!, x.Options(), x.Clock)
        {
            // The virtual clock jumps to every timer's due time, so periodic work is off unless a test wants it.
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            SweepInterval = sweepInterval ?? Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.FromSeconds(1),
            StatusChanged = probe.OnStatus,
            FillIngested = probe.OnFill,
            Swept = probe.OnSweep,
        });
    }
}
