using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Engine.Metrics;
using Tally.Engine.Service;
using Tally.Engine.Tests.Metrics;

namespace Tally.Engine.Tests;

public sealed class AccountRunnerTests
{
    // Only a guard against a hung test: every wait below ends as soon as the awaited state arrives.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Discovery = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task With_given_symbols_the_runner_back_fills_then_follows_the_stream()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(30, seed: 61, hedge: false);
        await using var run = Start(x, new FakeTimeProvider(SyncFixture.Start), SyncFixture.Symbols);

        await run.UntilAsync(AccountState.Live);
        Assert.Equal(30L, await x.Log!.CountFillsAsync(CancellationToken.None));
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "live-1"), CancellationToken.None);
        await run.UntilAsync(async () => await x.Log!.CountFillsAsync(CancellationToken.None) == 31);

        await run.StopAsync();
        Assert.Equal(1, run.Runner.Rounds);
        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
    }

    [Fact]
    public async Task Traded_symbols_are_discovered_and_a_new_one_restarts_the_follower_with_a_back_fill()
    {
        await using var x = await SyncFixture.StartAsync();
        var clock = new FakeTimeProvider(SyncFixture.Start);
        var metrics = new StreamMetrics();
        using var measured = new Measurements(metrics.Meter);
        await using var run = Start(x, clock, symbols: null, metrics);

        // Nothing traded yet: the runner waits and looks again every discovery interval.
        await run.UntilAsync(AccountState.WaitingForSymbols);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "first"), CancellationToken.None);
        clock.Advance(Discovery);
        await run.UntilAsync(AccountState.Live);
        Assert.Equal(["ETHUSDT"], run.Runner.Symbols);
        Assert.Single(await x.LocalTradesAsync("ETHUSDT"));

        // A fill on a symbol not followed yet still arrives on the stream and is stored; the next discovery
        // finds the symbol and starts a new round that back-fills and checks it.
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("SOLUSDT", Side.Sell, BinanceOrderType.Market, 1m, "second"), CancellationToken.None);
        await run.UntilAsync(async () => (await x.LocalTradesAsync("SOLUSDT")).Count == 1);
        clock.Advance(Discovery);
        await run.UntilAsync(AccountState.Connecting);
        await run.UntilAsync(AccountState.Live);
        Assert.Equal(["ETHUSDT", "SOLUSDT"], run.Runner.Symbols);
        Assert.Equal(2, run.Runner.Rounds);
        // The second round's connection is a reconnect; the stream is open again.
        Assert.Equal(1, measured.Sum("tradeengine_stream_reconnects_total", $"account={SyncFixture.Account}"));
        Assert.Equal(2, measured.Count("tradeengine_stream_reconnects_total"));
        Assert.Equal(1, measured.Last("tradeengine_stream_connected", $"account={SyncFixture.Account}"));

        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
    }

    [Fact]
    public async Task A_closed_position_is_still_discovered_from_the_stored_fills()
    {
        await using var x = await SyncFixture.StartAsync();
        var clock = new FakeTimeProvider(SyncFixture.Start);
        await using var run = Start(x, clock, symbols: ["ETHUSDT"]);
        await run.UntilAsync(AccountState.Live);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "open"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Sell, BinanceOrderType.Market, 0.05m, "close"), CancellationToken.None);
        await run.UntilAsync(async () => (await x.LocalTradesAsync("ETHUSDT")).Count == 2);
        await run.StopAsync();

        // positionRisk shows nothing open and the income read starts after the trades, yet the symbol has
        // history: the store remembers it.
        var found = await new TradedSymbols(x.Client, x.Log!, TradeSyncOptions.DefaultVenue, SyncFixture.Account, x.Clock.GetUtcNow(), x.Clock).DiscoverAsync(CancellationToken.None);
        Assert.Equal(["ETHUSDT"], found);
    }

    [Fact]
    public async Task A_symbol_traded_and_closed_while_tally_was_not_running_is_found_in_the_income_history()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("SOLUSDT", Side.Buy, BinanceOrderType.Market, 1m, "open"), CancellationToken.None);
        x.Clock.Advance(TimeSpan.FromDays(9)); // the close lands in the second 7-day window of the read
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("SOLUSDT", Side.Sell, BinanceOrderType.Market, 1m, "close"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("XRPUSDT", Side.Buy, BinanceOrderType.Market, 30m, "open-xrp"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("XRPUSDT", Side.Sell, BinanceOrderType.Market, 30m, "close-xrp"), CancellationToken.None);

        var traded = new TradedSymbols(x.Client, x.Log!, TradeSyncOptions.DefaultVenue, SyncFixture.Account, SyncFixture.Start - TimeSpan.FromDays(1), x.Clock);
        Assert.Equal(["SOLUSDT", "XRPUSDT"], await traded.DiscoverAsync(CancellationToken.None));
        Assert.DoesNotContain(await x.Client.GetPositionRiskAsync(null, CancellationToken.None), r => r.PositionAmount != 0);
        Assert.Equal(0L, await x.Log!.CountFillsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_signature_stops_the_account_instead_of_retrying()
    {
        await using var x = await SyncFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = x.Host.BaseAddress };
        var wrongSecret = new BinanceFuturesClient(http, x.Host.ApiKey, new BinanceSigner("not-the-secret"), x.Clock);
        var states = new List<AccountState>();
        var runner = new AccountRunner(wrongSecret, x.Log!, Options(x, symbols: null), new FakeTimeProvider(SyncFixture.Start))
        {
            StateChanged = states.Add,
        };

        using var guard = new CancellationTokenSource(Guard);
        var refused = await Assert.ThrowsAsync<BinanceApiException>(() => runner.RunAsync(guard.Token));
        Assert.Equal(-1022, refused.Code);
        Assert.Equal([AccountState.Starting, AccountState.Stopped], states);
    }

    [Fact]
    public async Task A_venue_outage_past_the_client_retries_is_retried_after_the_restart_delay()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(5, seed: 62, hedge: false);
        var clock = new FakeTimeProvider(SyncFixture.Start);
        // Six 503s in a row exhaust one call's attempts (BinanceClientOptions.MaxAttempts).
        await x.ScriptFaultAsync("unavailable", 6);
        await using var run = Start(x, clock, SyncFixture.Symbols);

        await run.UntilAsync(AccountState.Retrying);
        clock.Advance(TimeSpan.FromSeconds(10));
        await run.UntilAsync(AccountState.Live);
        await run.StopAsync();
        await x.AssertAgreesWithExchangeAsync(someFromStream: true);
    }

    private static AccountRunOptions Options(SyncFixture x, IReadOnlyList<string>? symbols) => new()
    {
        Account = SyncFixture.Account,
        Symbols = symbols,
        StartTime = SyncFixture.Start - TimeSpan.FromDays(1),
        StreamBase = x.StreamBase,
        DiscoveryInterval = Discovery,
        RestartDelay = TimeSpan.FromSeconds(10),
    };

    private static Run Start(SyncFixture x, FakeTimeProvider clock, IReadOnlyList<string>? symbols, StreamMetrics? metrics = null)
    {
        var states = Channel.CreateUnbounded<AccountState>();
        var changes = new ChangeSignal(Guard);
        var runner = new AccountRunner(x.Client, x.Log!, Options(x, symbols), clock)
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            Metrics = metrics,
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
        return new Run(runner, running, cts, states.Reader, changes);
    }

    private sealed class Run(AccountRunner runner, Task running, CancellationTokenSource cts, ChannelReader<AccountState> states, ChangeSignal changes) : IAsyncDisposable
    {
        public AccountRunner Runner => runner;

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
