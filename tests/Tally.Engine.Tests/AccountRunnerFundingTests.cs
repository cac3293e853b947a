using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Engine.Service;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary><c>tally run</c>'s account loop and money that is not a fill of ours: funding payments and liquidations.</summary>
public sealed class AccountRunnerFundingTests
{
    // Only a guard against a hung test: every wait below ends as soon as the awaited state arrives.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Discovery = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_runner_reads_funding_at_the_round_start_and_again_every_discovery_interval()
    {
        await using var x = await SyncFixture.StartAsync(o => o.FixedFundingRate = 0.0001m);
        using var admin = new HttpClient { BaseAddress = x.Host.BaseAddress };
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 1m, "eth-long"), CancellationToken.None);
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        x.Clock.Advance(TimeSpan.FromHours(8));
        var clock = new FakeTimeProvider(x.Clock.GetUtcNow());
        await using var run = Start(x, clock);

        await run.UntilAsync(AccountState.Live);
        Assert.Single(await FundingAsync(x));

        x.Clock.Advance(TimeSpan.FromHours(8)); // the exchange pays again; the runner learns it at its next interval
        clock.Advance(Discovery);
        await run.UntilAsync(async () => (await FundingAsync(x)).Count == 2);

        await run.StopAsync();
        Assert.All(await FundingAsync(x), f => Assert.Equal(-0.3m, f.Payment.Amount));
        Assert.Equal([new AssetAmount("USDT", -0.6m)], (await x.Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(TradeSyncOptions.DefaultVenue, SyncFixture.Account, "ETHUSDT", PositionSide.Both))!.Funding);
        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
    }

    [Fact]
    public async Task A_liquidation_fill_arrives_on_the_stream_and_the_positions_end_flat_as_position_risk_says()
    {
        await using var x = await SyncFixture.StartAsync(o => o.Funding = false);
        using var admin = new HttpClient { BaseAddress = x.Host.BaseAddress };
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        await using var run = Start(x, new FakeTimeProvider(x.Clock.GetUtcNow()));
        await run.UntilAsync(AccountState.Live);

        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 10m, "too-big"), CancellationToken.None);
        await run.UntilAsync(async () => (await x.LocalTradesAsync("ETHUSDT")).Count == 1);
        // Wallet 10000, long 10 ETH from about 3000: equity 10p − 20000 falls below 0.4 % of 10p under about 2008.
        await SetPriceAsync(admin, "ETHUSDT", 2000m);
        await run.UntilAsync(async () => (await x.LocalTradesAsync("ETHUSDT")).Count == 2);

        await run.StopAsync();
        var liquidation = (await x.LocalTradesAsync("ETHUSDT"))[1].Fill;
        Assert.StartsWith("autoclose-", liquidation.ClientOrderId, StringComparison.Ordinal); // from the stream, not REST
        Assert.Equal(Side.Sell, liquidation.Side);
        Assert.Equal(10m, liquidation.Quantity);
        Assert.Equal(2000m, liquidation.Price);
        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
    }

    private static async Task<IReadOnlyList<StoredFunding>> FundingAsync(SyncFixture x) =>
        await x.Log!.ReadFundingAsync(new FundingQuery(), CancellationToken.None);

    private static async Task SetPriceAsync(HttpClient admin, string symbol, decimal price)
    {
        using var response = await admin.PostAsync(
            new Uri($"admin/price?symbol={symbol}&price={price.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    private static Run Start(SyncFixture x, FakeTimeProvider clock)
    {
        var states = Channel.CreateUnbounded<AccountState>();
        var changes = new ChangeSignal(Guard);
        var options = new AccountRunOptions
        {
            Account = SyncFixture.Account,
            Symbols = SyncFixture.Symbols,
            StartTime = SyncFixture.Start - TimeSpan.FromDays(1),
            StreamBase = x.StreamBase,
            DiscoveryInterval = Discovery,
        };
        var runner = new AccountRunner(x.Client, x.Log!, options, clock)
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            StateChanged = s =>
            {
                states.Writer.TryWrite(s);
                changes.Pulse();
            },
            FillIngested = _ => changes.Pulse(),
            FundingSynced = _ => changes.Pulse(),
        };
        var cts = new CancellationTokenSource();
        var running = runner.RunAsync(cts.Token);
        changes.Watched = running;
        return new Run(running, cts, states.Reader, changes);
    }

    private sealed class Run(Task running, CancellationTokenSource cts, ChannelReader<AccountState> states, ChangeSignal changes) : IAsyncDisposable
    {
        /// <summary>Waits until <paramref name="condition"/> holds, evaluating it again after each state change, stream fill or funding read.</summary>
        public Task UntilAsync(Func<Task<bool>> condition) => changes.UntilAsync(condition);

        public async Task UntilAsync(AccountState wanted)
        {
            using var guard = new CancellationTokenSource(Guard);
            while (await states.ReadAsync(guard.Token) != wanted)
            {
                if (running.IsFaulted)
                {
                    await running;
                }
            }
        }

        public async Task StopAsync()
        {
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        public async ValueTask DisposeAsync()
        {
            if (!running.IsCompleted)
            {
                await cts.CancelAsync();
                try
                {
                    await running;
                }
                catch (OperationCanceledException)
                {
                    // Stopped by the test's end.
                }
            }

            cts.Dispose();
        }
    }
}
