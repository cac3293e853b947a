using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The proof the synchronizer is airtight: 2,000 random orders over five symbols while the stream drops 10 % of
/// its events, duplicates 5 %, reorders 5 %, disconnects three times, goes silent once, loses its key once early,
/// and REST answers a storm of 429s — after which the log equals the exchange's trade list, positions (amount
/// and entry price) equal positionRisk, the replay equals the live state, and the client was never banned.
/// One account in one-way mode and one in hedge mode.
/// </summary>
public sealed class FullSoakTests
{
    // Only guards against a hung test: every wait ends as soon as its condition holds.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    private const int Orders = 2000;

    [Fact]
    public Task A_one_way_account_survives_every_fault_and_ends_equal_to_the_exchange() => SoakAsync(hedge: false, seed: 4001);

    [Fact]
    public Task A_hedge_account_survives_every_fault_and_ends_equal_to_the_exchange() => SoakAsync(hedge: true, seed: 4002);

    private static async Task SoakAsync(bool hedge, int seed)
    {
        await using var x = await SyncFixture.StartAsync(o =>
        {
            o.Seed = seed;
            o.PositionMode = hedge ? PositionMode.Hedge : PositionMode.OneWay;
            o.StreamDropRate = 0.10m;
            o.StreamDuplicateRate = 0.05m;
            o.StreamReorderRate = 0.05m;
            o.Funding = false;
        });
        Assert.Equal(5, SyncFixture.Symbols.Count);
        var clock = new FakeTimeProvider(SyncFixture.Start);
        var stream = new FuturesUserDataStream(x.Client, x.Synchronizer(), x.StreamBase, clock) { KeepAliveInterval = TimeSpan.FromMinutes(30) };
        await using var run = new FollowerProbe(Guard);
        var follower = new UserDataFollower(
            stream,
            x.Log!,
            new TradeSyncOptions { Account = SyncFixture.Account, Symbols = SyncFixture.Symbols, StartTime = SyncFixture.Start },
            clock)
        {
            ReconnectDelay = TimeSpan.Zero,
            SilentCheckInterval = TimeSpan.FromSeconds(30),
            SilentGrace = TimeSpan.FromSeconds(10),
            StatusChanged = run.OnStatus,
            FillIngested = run.OnFill,
            SilentChecked = run.OnCheck,
        };
        run.Start(follower, FollowLikeTallyRunAsync);
        await run.UntilAsync(() => follower.Status == StreamStatus.Live);

        // The follower's clock moves 30 s every 30 ms of wall time: a silent check whenever one is due.
        var pump = new ClockPump(clock, TimeSpan.FromSeconds(30));
        await x.PlaceRandomOrdersAsync(Orders, seed, hedge, maxGap: TimeSpan.FromSeconds(3), beforeOrder: async i =>
        {
            switch (i)
            {
                case 400 or 1000 or 1600:
                    await x.ScriptStreamFaultAsync("disconnect", 1);
                    break;
                case 700:
                    // Five orders' events (four each) swallowed with the socket left open and answering pings.
                    await x.ScriptStreamFaultAsync("silent", 20);
                    break;
                case 720:
                    // The stall ends: normally the REST check declares the stream silent and reconnects; a reconnect
                    // for another reason (a key that lapsed while the exchange's clock raced ahead) may beat it.
                    // Either way nothing it swallowed may stay missing.
                    await run.UntilAsync(() => SameCountsAsync(x));
                    break;
                case 1300:
                    // Expire while settled on a live socket; the event may itself be dropped by the faults,
                    // but the closed socket makes the follower reconnect with a new key either way.
                    await run.UntilAsync(() => SameCountsAsync(x));
                    await pump.StopAsync();
                    await run.UntilAsync(() => follower.Status == StreamStatus.Live);
                    var before = follower.Connections;
                    await x.ExpireListenKeyAsync();
                    await run.UntilAsync(() => follower.Connections > before && follower.Status == StreamStatus.Live);
                    pump = new ClockPump(clock, TimeSpan.FromSeconds(30));
                    break;
                case 1800:
                    // A 429 storm of two minutes of exchange time: every REST call (orders, checks, back-fills)
                    // is refused with Retry-After until it passes.
                    await ThrottleAsync(x, TimeSpan.FromMinutes(2));
                    break;
            }
        });

        // Whatever the stream lost last is found by the checks.
        await run.UntilAsync(() => SameCountsAsync(x));
        await pump.StopAsync();
        await run.StopAsync();

        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
        Assert.Empty(await x.Log!.ReadQuarantineAsync(CancellationToken.None));
        Assert.True(x.Handler.CountStatus(HttpStatusCode.TooManyRequests) > 0, "the storm should have answered 429s");
        Assert.Equal(0, x.Handler.CountStatus((HttpStatusCode)418));
        var health = follower.Health;
        Assert.True(health.SilentDetections > 0, $"{health}"); // the stall, or the drops, were caught by the REST check
        Assert.True(health.KeyExpiries <= 1, $"{health}");
        Assert.True(health.Reconnects >= 4, $"{health}"); // three disconnects and the expiry, at least
    }

    /// <summary>
    /// Runs the follower and, as <c>tally run</c>'s account runner does, starts it again when a REST call failed
    /// past the client's retries. Here that happens when the exchange's virtual clock, which the order loop moves
    /// by seconds every few milliseconds, runs past a request's recvWindow (-1021) twice in a row.
    /// </summary>
    private static async Task FollowLikeTallyRunAsync(UserDataFollower follower, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await follower.RunAsync(cancellationToken);
            }
            catch (Tally.Exchanges.Binance.Client.BinanceApiException) when (!cancellationToken.IsCancellationRequested)
            {
                // Started again at once: the next connection back-fills from the checkpoints.
            }
        }
    }

    private static async Task ThrottleAsync(SyncFixture x, TimeSpan span)
    {
        using var admin = new HttpClient { BaseAddress = x.Host.BaseAddress };
        using var response = await admin.PostAsync(new Uri($"admin/throttle?ms={(long)span.TotalMilliseconds}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> SameCountsAsync(SyncFixture x)
    {
        foreach (var symbol in SyncFixture.Symbols)
        {
            if ((await x.ExchangeTradesAsync(symbol)).Count != (await x.LocalTradesAsync(symbol)).Count)
            {
                return false;
            }
        }

        return true;
    }
}
