using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using VirtualClock = Tally.Engine.Tests.VirtualClock;
using RecordingHandler = Tally.Engine.Tests.RecordingHandler;

namespace Tally.Exchanges.Tests;

/// <summary>
/// The paper exchange and a USD-M <see cref="BinanceFuturesClient"/> on one <see cref="VirtualClock"/>, the client's
/// requests recorded. Dispose at the end of a test.
/// </summary>
internal sealed class FuturesClientFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _admin;

    private FuturesClientFixture(PaperExchangeHost host, VirtualClock clock)
    {
        Host = host;
        Clock = clock;
        _admin = new HttpClient { BaseAddress = host.BaseAddress };
        (Client, Handler, Http) = NewClient(clock);
    }

    public PaperExchangeHost Host { get; }

    public VirtualClock Clock { get; }

    public BinanceFuturesClient Client { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public static async Task<FuturesClientFixture> StartAsync(Action<PaperExchangeOptions>? configure = null)
    {
        var clock = new VirtualClock(Start);
        var options = new PaperExchangeOptions { Seed = 7, TimeProvider = clock, ListenKeyExpiredEvents = false };
        configure?.Invoke(options);
        return new FuturesClientFixture(await PaperExchangeHost.StartAsync(options, CancellationToken.None), clock);
    }

    /// <summary>A further client of the same account, on its own clock and handler (a second process).</summary>
    public (BinanceFuturesClient Client, RecordingHandler Handler, HttpClient Http) NewClient(TimeProvider clock)
    {
        var handler = new RecordingHandler();
        var http = new HttpClient(handler) { BaseAddress = Host.BaseAddress };
        return (new BinanceFuturesClient(http, Host.ApiKey, new BinanceSigner(Host.ApiSecret), clock), handler, http);
    }

    /// <summary>Scripts the next REST faults (unavailable, unknown, timeout) through the paper exchange's admin endpoint.</summary>
    public async Task ScriptFaultAsync(string kind, int count)
    {
        using var response = await _admin.PostAsync(new Uri($"admin/faults?kind={kind}&count={count}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every userTrades row of a symbol, paged by fromId from 0 with <paramref name="pageLimit"/> rows a page.</summary>
    public async Task<List<BinanceRecorded<BinanceUserTrade>>> ExchangeTradesAsync(string symbol, int pageLimit = 1000)
    {
        var all = new List<BinanceRecorded<BinanceUserTrade>>();
        long fromId = 0;
        while (true)
        {
            var page = await Client.GetUserTradesAsync(symbol, fromId, null, null, pageLimit, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < pageLimit)
            {
                return all;
            }

            fromId = page[^1].Value.Id + 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>
/// The paper exchange's spot side and a <see cref="BinanceSpotClient"/> on one <see cref="VirtualClock"/>, the
/// client's requests recorded. Dispose at the end of a test.
/// </summary>
internal sealed class SpotClientFixture : IAsyncDisposable
{
    private SpotClientFixture(PaperExchangeHost host, VirtualClock clock)
    {
        Host = host;
        Handler = new RecordingHandler();
        Http = new HttpClient(Handler) { BaseAddress = host.BaseAddress };
        Client = new BinanceSpotClient(Http, host.ApiKey, new BinanceSigner(host.ApiSecret), clock);
    }

    public PaperExchangeHost Host { get; }

    public BinanceSpotClient Client { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public static async Task<SpotClientFixture> StartAsync(Action<PaperExchangeOptions>? configure = null)
    {
        var clock = new VirtualClock(FuturesClientFixture.Start);
        var options = new PaperExchangeOptions { Seed = 11, TimeProvider = clock };
        configure?.Invoke(options);
        return new SpotClientFixture(await PaperExchangeHost.StartAsync(options, CancellationToken.None), clock);
    }

    /// <summary>Every myTrades row of a symbol, paged by fromId from 0, straight from the exchange.</summary>
    public async Task<List<BinanceRecorded<BinanceSpotTrade>>> ExchangeTradesAsync(string symbol)
    {
        var all = new List<BinanceRecorded<BinanceSpotTrade>>();
        long fromId = 0;
        while (true)
        {
            var page = await Client.GetMyTradesAsync(symbol, fromId, null, null, 1000, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }

            fromId = page[^1].Value.Id + 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
