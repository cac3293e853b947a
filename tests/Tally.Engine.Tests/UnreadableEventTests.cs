using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>A frame the parser cannot read is quarantined (source ws:user-data) and the follower goes on, on either venue.</summary>
public sealed class UnreadableEventTests
{
    [Fact]
    public async Task A_garbled_event_is_quarantined_and_the_stream_goes_on()
    {
        await using var x = await SyncFixture.StartAsync();
        var time = new FakeTimeProvider(SyncFixture.Start);
        var options = new TradeSyncOptions { Account = SyncFixture.Account, Symbols = SyncFixture.Symbols, StartTime = SyncFixture.Start };
        var stream = new FuturesUserDataStream(x.Client, x.Synchronizer(), x.StreamBase, time) { KeepAliveInterval = Timeout.InfiniteTimeSpan };
        await using var run = new FollowerProbe();
        run.Start(new UserDataFollower(stream, x.Log!, options, time)
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            StatusChanged = run.OnStatus,
            FillIngested = run.OnFill,
            Quarantined = run.OnQuarantined,
        });
        await run.UntilStatusAsync(StreamStatus.Live);

        // An ORDER_TRADE_UPDATE whose trade id is not a number: the parser names the field.
        const string garbled = """{"e":"ORDER_TRADE_UPDATE","E":1767225600000,"T":1767225600000,"o":{"s":"ETHUSDT","c":"x","S":"BUY","o":"MARKET","f":"GTC","q":"0.050","p":"0","ap":"3000","sp":"0","x":"TRADE","X":"FILLED","i":1,"l":"0.050","z":"0.050","L":"3000","n":"0.06","N":"USDT","T":1767225600000,"t":"not-a-number","b":"0","a":"0","m":false,"R":false,"ps":"BOTH","rp":"0"}}""";
        using (var admin = new HttpClient { BaseAddress = x.Host.BaseAddress })
        using (var body = new StringContent(garbled, Encoding.UTF8, "application/json"))
        {
            (await admin.PostAsync(new Uri("admin/stream-raw", UriKind.Relative), body)).EnsureSuccessStatusCode();
        }

        Assert.NotEmpty(await run.NextQuarantinedAsync());

        // The stream is still the same connection and still carries fills.
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "after"), CancellationToken.None);
        Assert.Equal([IngestStatus.Stored], (await run.NextFillAsync()).Statuses);

        await run.StopAsync();
        var entry = Assert.Single(await x.Log!.ReadQuarantineAsync(CancellationToken.None));
        Assert.Equal("ws:user-data", entry.Source);
        Assert.Contains("not-a-number", entry.Payload, StringComparison.Ordinal);
        Assert.Equal(1, run.Follower.Connections);
    }

    [Fact]
    public async Task A_garbled_spot_event_is_quarantined_and_the_spot_follower_carries_on()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await using var run = new FollowerProbe();
        run.Start(new UserDataFollower(new SpotUserDataStream(x.Client, x.Synchronizer(), x.WebSocketApi), x.Log!, x.Options(), x.Clock)
        {
            // The virtual clock jumps to every timer's due time: no periodic work in this test.
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            StatusChanged = run.OnStatus,
            FillIngested = run.OnFill,
            Quarantined = run.OnQuarantined,
        });
        await run.UntilStatusAsync(StreamStatus.Live);

        // An executionReport whose trade id is not a number, in the subscription's envelope.
        const string garbled = """{"subscriptionId":0,"event":{"e":"executionReport","E":1767225600000,"s":"ETHUSDT","c":"x","S":"BUY","o":"MARKET","f":"GTC","q":"0.05","p":"0","P":"0","F":"0","g":-1,"C":"","x":"TRADE","X":"FILLED","r":"NONE","i":1,"l":"0.05","z":"0.05","L":"3000","n":"0.00005","N":"ETH","T":1767225600000,"t":"not-a-number","I":1,"w":false,"m":false,"M":true,"O":1767225600000,"Z":"150","Y":"150","Q":"0","W":1767225600000,"V":"NONE"}}""";
        x.Host.SpotStream.SendRaw(garbled);

        Assert.NotEmpty(await run.NextQuarantinedAsync());

        // Still the same subscription, and it still carries fills.
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.05m, "after"), CancellationToken.None);
        Assert.Equal([IngestStatus.Stored], (await run.NextFillAsync()).Statuses);

        await run.StopAsync();
        var entry = Assert.Single(await x.Log!.ReadQuarantineAsync(CancellationToken.None));
        Assert.Equal(UserDataFollower.QuarantineSource, entry.Source);
        Assert.Equal(SpotTradeSynchronizer.DefaultVenue, entry.Venue);
        Assert.Contains("not-a-number", entry.Payload, StringComparison.Ordinal);
        Assert.Equal(1, run.Follower.Connections);
        Assert.Equal("after", Assert.Single(await x.LocalTradesAsync("ETHUSDT")).Fill.ClientOrderId);
    }
}
