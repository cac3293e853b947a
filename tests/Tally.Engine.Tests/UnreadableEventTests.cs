using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Exchanges.Binance.Client;

namespace Tally.Engine.Tests;

public sealed class UnreadableEventTests
{
    [Fact]
    public async Task A_garbled_event_is_quarantined_and_the_stream_goes_on()
    {
        await using var x = await SyncFixture.StartAsync();
        var statuses = new List<StreamStatus>();
        var fills = 0;
        var follower = new UserDataStreamFollower(
            x.Client,
            x.Synchronizer(),
            x.Log!,
            new TradeSyncOptions { Account = SyncFixture.Account, Symbols = SyncFixture.Symbols, StartTime = SyncFixture.Start },
            x.StreamBase,
            new FakeTimeProvider(SyncFixture.Start))
        {
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            StatusChanged = s =>
            {
                lock (statuses)
                {
                    statuses.Add(s);
                }
            },
            FillIngested = _ => Interlocked.Increment(ref fills),
        };
        using var stop = new CancellationTokenSource();
        var running = follower.RunAsync(stop.Token);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (follower.Status != StreamStatus.Live)
        {
            await Task.Delay(20, guard.Token);
        }

        // An ORDER_TRADE_UPDATE whose trade id is not a number: the parser names the field.
        const string garbled = """{"e":"ORDER_TRADE_UPDATE","E":1767225600000,"T":1767225600000,"o":{"s":"ETHUSDT","c":"x","S":"BUY","o":"MARKET","f":"GTC","q":"0.050","p":"0","ap":"3000","sp":"0","x":"TRADE","X":"FILLED","i":1,"l":"0.050","z":"0.050","L":"3000","n":"0.06","N":"USDT","T":1767225600000,"t":"not-a-number","b":"0","a":"0","m":false,"R":false,"ps":"BOTH","rp":"0"}}""";
        using (var admin = new HttpClient { BaseAddress = x.Host.BaseAddress })
        using (var body = new StringContent(garbled, Encoding.UTF8, "application/json"))
        {
            (await admin.PostAsync(new Uri("admin/stream-raw", UriKind.Relative), body, guard.Token)).EnsureSuccessStatusCode();
        }

        while ((await x.Log!.ReadQuarantineAsync(guard.Token)).Count == 0)
        {
            await Task.Delay(20, guard.Token);
        }

        // The stream is still the same connection and still carries fills.
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "after"), guard.Token);
        while (Volatile.Read(ref fills) == 0)
        {
            await Task.Delay(20, guard.Token);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var entry = Assert.Single(await x.Log!.ReadQuarantineAsync(CancellationToken.None));
        Assert.Equal("ws:user-data", entry.Source);
        Assert.Contains("not-a-number", entry.Payload, StringComparison.Ordinal);
        Assert.Equal(1, follower.Connections);
    }
}
