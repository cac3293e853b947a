using Microsoft.Extensions.Time.Testing;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Exchanges.Binance.Market;
using Tally.PaperExchange;

namespace Tally.Exchanges.Tests;

/// <summary>
/// A paper exchange and a <see cref="BinanceMarketDataClient"/> on one <see cref="FakeTimeProvider"/> (a clock only the
/// test moves: the client's backoff and silence check wait on it), and everything the client delivered. Dispose at the end.
/// </summary>
internal sealed class MarketDataFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<BinanceMarketEvent> _events = [];
    private readonly List<BinanceMarketDataStatus> _statuses = [];
    private readonly HttpClient _http;
    private readonly HttpClient _admin;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;

    private MarketDataFixture(PaperExchangeHost host, FakeTimeProvider clock, IEnumerable<string> symbols, BinanceMarketDataOptions options, bool spot)
    {
        Host = host;
        Clock = clock;
        _http = new HttpClient { BaseAddress = host.BaseAddress };
        _admin = new HttpClient { BaseAddress = host.BaseAddress };
        var signer = new BinanceSigner(host.ApiSecret);
        Client = spot
            ? new BinanceMarketDataClient(new BinanceSpotClient(_http, host.ApiKey, signer, clock), BinanceMarketDataClient.SpotStreamBaseFor(host.BaseAddress), symbols, clock, options, OnStatus)
            : new BinanceMarketDataClient(new BinanceFuturesClient(_http, host.ApiKey, signer, clock), new UriBuilder(host.BaseAddress) { Scheme = "ws" }.Uri, symbols, clock, options, OnStatus);
    }

    public PaperExchangeHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public BinanceMarketDataClient Client { get; }

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public IReadOnlyList<BinanceMarketEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<BinanceMarketDataStatus> Statuses
    {
        get
        {
            lock (_lock)
            {
                return [.. _statuses];
            }
        }
    }

    public BinanceMarketDataState State => Statuses is [.., var last] ? last.State : BinanceMarketDataState.Connecting;

    /// <summary>The closed 1m candles delivered for <paramref name="symbol"/>, in delivery order.</summary>
    public IReadOnlyList<BinanceMarketEvent.Kline> Closed(string symbol) =>
        [.. Events.OfType<BinanceMarketEvent.Kline>().Where(k => k.IsClosed && k.Symbol == symbol)];

    /// <summary>Starts the exchange (seed 7) and the client, and waits until it is connected.</summary>
    public static Task<MarketDataFixture> StartAsync(BinanceMarketDataOptions options, params string[] symbols) =>
        StartAsync(options, TimeSpan.Zero, symbols);

    /// <summary>Starts the exchange (seed 7), lets <paramref name="before"/> pass on its clock, then starts the client.</summary>
    public static Task<MarketDataFixture> StartAsync(BinanceMarketDataOptions options, TimeSpan before, params string[] symbols) =>
        StartAsync(options, before, spot: false, symbols);

    /// <summary>The same with the spot flavour of the client, on the paper exchange's spot streams and /api/v3/klines.</summary>
    public static Task<MarketDataFixture> StartSpotAsync(BinanceMarketDataOptions options, params string[] symbols) =>
        StartAsync(options, TimeSpan.Zero, spot: true, symbols);

    private static async Task<MarketDataFixture> StartAsync(BinanceMarketDataOptions options, TimeSpan before, bool spot, string[] symbols)
    {
        var clock = new FakeTimeProvider(Start);
        var host = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 7, TimeProvider = clock }, CancellationToken.None);
        clock.Advance(before);
        var fixture = new MarketDataFixture(host, clock, symbols, options, spot);
        fixture._reading = fixture.ReadAsync();
        await fixture.UntilAsync(() => fixture.State == BinanceMarketDataState.Connected, "the first connection");
        return fixture;
    }

    public Task UntilAsync(Func<bool> condition, string what) => Wait.UntilAsync(() => _reading is { IsFaulted: true } || condition(), what);

    /// <summary>One second of the exchange clock; while connected, waits for that second's mark price of <paramref name="symbol"/>.</summary>
    public async Task TickAsync(string symbol)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        var now = NowMs;
        await UntilAsync(
            () => State != BinanceMarketDataState.Connected || Events.OfType<BinanceMarketEvent.MarkPrice>().Any(m => m.Symbol == symbol && m.EventTime == now),
            $"the mark price of {symbol} at {now}");
    }

    /// <summary>
    /// Two seconds of the exchange clock (spot pushes the open kline every two): while connected, waits for the kline of
    /// <paramref name="symbol"/> sent at that time.
    /// </summary>
    public async Task TickSpotAsync(string symbol)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var now = NowMs;
        await UntilAsync(
            () => State != BinanceMarketDataState.Connected || Events.OfType<BinanceMarketEvent.Kline>().Any(k => k.Symbol == symbol && !k.IsBackFilled && k.EventTime == now),
            $"the spot kline of {symbol} at {now}");
    }

    /// <summary>Advances the clock a second at a time until <paramref name="condition"/> holds (e.g. through a backoff).</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));

            // Give the client a moment to act on this second (a timer that fired) before the next one.
            try
            {
                using var brief = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                await Wait.UntilAsync(_ => Task.FromResult(condition()), what, brief.Token);
            }
            catch (TimeoutException)
            {
                // Not yet: another second.
            }
        }

        Assert.True(condition(), $"gave up advancing the clock for {what}");
    }

    public async Task AdminAsync(string pathAndQuery)
    {
        using var response = await _admin.PostAsync(new Uri(pathAndQuery, UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null)
        {
            await _reading;
        }

        _stop.Dispose();
        _http.Dispose();
        _admin.Dispose();
        await Host.DisposeAsync();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in Client.ReadAllAsync(_stop.Token))
            {
                lock (_lock)
                {
                    _events.Add(e);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The test ended.
        }
    }

    private void OnStatus(BinanceMarketDataStatus status)
    {
        lock (_lock)
        {
            _statuses.Add(status);
        }
    }
}
