using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// A paper exchange and a Binance client on one <see cref="VirtualClock"/>, plus a temporary SQLite fill log.
/// Dispose at the end of a test; the database file goes with it.
/// </summary>
internal sealed class SyncFixture : IAsyncDisposable
{
    public const string Account = "main";

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Quantities in whole steps, chosen so every order clears the symbol's minimum notional (as in the paper exchange's tests).
    public static readonly (string Symbol, decimal Step, int MinSteps, int MaxSteps)[] Markets =
    [
        ("BTCUSDT", 0.001m, 2, 10),
        ("ETHUSDT", 0.001m, 10, 200),
        ("SOLUSDT", 0.01m, 10, 200),
        ("XRPUSDT", 0.1m, 30, 500),
        ("BNBUSDT", 0.01m, 1, 50),
    ];

    private readonly string _dbPath;
    private readonly HttpClient _admin;

    private SyncFixture(PaperExchangeHost host, VirtualClock clock, string dbPath)
    {
        Host = host;
        Clock = clock;
        _dbPath = dbPath;
        _admin = new HttpClient { BaseAddress = host.BaseAddress };
        (Client, Handler, Http) = NewClient(clock);
    }

    public PaperExchangeHost Host { get; }

    public VirtualClock Clock { get; }

    public BinanceFuturesClient Client { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public FillLog? Log { get; private set; }

    /// <summary>ws://127.0.0.1:port/ws/ — the user-data stream base a listenKey is appended to.</summary>
    public Uri StreamBase => new($"ws://{Host.BaseAddress.Authority}/ws/");

    public static IReadOnlyList<string> Symbols => [.. Markets.Select(m => m.Symbol)];

    public static async Task<SyncFixture> StartAsync(Action<PaperExchangeOptions>? configure = null)
    {
        var clock = new VirtualClock(Start);
        var options = new PaperExchangeOptions { Seed = 7, TimeProvider = clock, ListenKeyExpiredEvents = false };
        configure?.Invoke(options);
        var host = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"tally-engine-{Guid.NewGuid():N}.db");
        var fixture = new SyncFixture(host, clock, path);
        await fixture.OpenLogAsync();
        return fixture;
    }

    /// <summary>A further client of the same account, on its own clock and handler (a second process).</summary>
    public (BinanceFuturesClient Client, RecordingHandler Handler, HttpClient Http) NewClient(TimeProvider clock, BinanceClientOptions? options = null)
    {
        var handler = new RecordingHandler();
        var http = new HttpClient(handler) { BaseAddress = Host.BaseAddress };
        return (new BinanceFuturesClient(http, Host.ApiKey, new BinanceSigner(Host.ApiSecret), clock, options), handler, http);
    }

    /// <summary>The database the fixture's log lives in, as a --db value.</summary>
    public string DatabaseSpec => $"sqlite:{_dbPath}";

    /// <summary>(Re)opens the fill log on the database file, as a restarted process would.</summary>
    public async Task<FillLog> OpenLogAsync()
    {
        if (Log is not null)
        {
            await Log.DisposeAsync();
        }

        var store = await FillStores.OpenAsync(DatabaseSpec, CancellationToken.None);
        Log = await FillLog.OpenAsync(store, Clock, CancellationToken.None);
        return Log;
    }

    public TradeSynchronizer Synchronizer(int pageLimit = 1000, BinanceFuturesClient? client = null, FillLog? log = null) => new(
        client ?? Client,
        log ?? Log!,
        new TradeSyncOptions { Account = Account, Symbols = Symbols, StartTime = Start - TimeSpan.FromDays(1), PageLimit = pageLimit },
        Clock);

    /// <summary>Scripts the next REST faults (unavailable, unknown, timeout) through the paper exchange's admin endpoint.</summary>
    public async Task ScriptFaultAsync(string kind, int count)
    {
        using var response = await _admin.PostAsync(new Uri($"admin/faults?kind={kind}&count={count}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Scripts faults of the next user-data events (drop, duplicate, reorder, disconnect).</summary>
    public async Task ScriptStreamFaultAsync(string kind, int count)
    {
        using var response = await _admin.PostAsync(new Uri($"admin/stream-faults?kind={kind}&count={count}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Expires the account's listenKey now (listenKeyExpired event, socket closed) through the admin endpoint.</summary>
    public async Task ExpireListenKeyAsync()
    {
        using var response = await _admin.PostAsync(new Uri("admin/expire-listen-key", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Random MARKET orders through the client, the clock moving 1…90 minutes between them (so they spread over
    /// more than one 7-day window). One-way: any side and size. Hedge: opens and closes per LONG/SHORT book.
    /// </summary>
    public Task PlaceRandomOrdersAsync(int count, int seed, bool hedge) =>
        PlaceRandomOrdersAsync(count, seed, hedge, maxGap: TimeSpan.FromMinutes(90), beforeOrder: null);

    /// <summary>As above, the clock moving up to <paramref name="maxGap"/> between orders; <paramref name="beforeOrder"/> runs before order i.</summary>
    public async Task PlaceRandomOrdersAsync(int count, int seed, bool hedge, TimeSpan maxGap, Func<int, Task>? beforeOrder)
    {
        var random = new Random(seed);
        var books = new Dictionary<(string, PositionSide), int>();
        for (var i = 0; i < count; i++)
        {
            if (beforeOrder is not null)
            {
                await beforeOrder(i);
            }

            var (symbol, step, minSteps, maxSteps) = Markets[random.Next(Markets.Length)];
            var steps = random.Next(minSteps, maxSteps + 1);
            Side side;
            PositionSide? positionSide = null;
            if (hedge)
            {
                var book = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
                var held = books.GetValueOrDefault((symbol, book));
                var close = held > 0 && random.Next(3) == 0;
                if (close)
                {
                    // Leave either nothing or at least the minimum, so every later close clears the minimum notional.
                    steps = held >= 2 * minSteps ? random.Next(minSteps, held - minSteps + 1) : held;
                }

                books[(symbol, book)] = held + (close ? -steps : steps);
                side = (book, close) switch
                {
                    (PositionSide.Long, false) or (PositionSide.Short, true) => Side.Buy,
                    _ => Side.Sell,
                };
                positionSide = book;
            }
            else
            {
                side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            }

            var order = new BinanceOrderRequest(symbol, side, BinanceOrderType.Market, step * steps, $"r{seed}-{i}", PositionSide: positionSide);
            var placed = await Client.PlaceOrderAsync(order, CancellationToken.None);
            Assert.Equal("FILLED", placed.Status);
            Clock.Advance(TimeSpan.FromMilliseconds(random.NextInt64(1, (long)maxGap.TotalMilliseconds + 1)));
        }
    }

    /// <summary>Every userTrades row of a symbol, paged by fromId from 0, straight from the exchange.</summary>
    public async Task<List<BinanceRecorded<BinanceUserTrade>>> ExchangeTradesAsync(string symbol)
    {
        var all = new List<BinanceRecorded<BinanceUserTrade>>();
        long fromId = 0;
        while (true)
        {
            var page = await Client.GetUserTradesAsync(symbol, fromId, null, null, 1000, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }

            fromId = page[^1].Value.Id + 1;
        }
    }

    public async Task<List<StoredFill>> LocalTradesAsync(string symbol)
    {
        var fills = new List<StoredFill>();
        await foreach (var stored in Log!.ReadFillsAsync(new FillQuery(Symbol: symbol), CancellationToken.None))
        {
            fills.Add(stored);
        }

        return fills;
    }

    /// <summary>
    /// Local fills equal the exchange's userTrades (ids, qty, price, fee; the raw row too unless some fills came from
    /// the stream, whose raw text is the event) and local positions its positionRisk.
    /// </summary>
    public async Task AssertAgreesWithExchangeAsync(bool someFromStream = false)
    {
        foreach (var symbol in Symbols)
        {
            var remote = await ExchangeTradesAsync(symbol);
            var local = await LocalTradesAsync(symbol);
            if (someFromStream)
            {
                local = [.. local.OrderBy(l => long.Parse(l.Fill.TradeId, CultureInfo.InvariantCulture))];
            }

            Assert.Equal(remote.Count, local.Count);
            Assert.Equal(
                remote.Select(r => (Id: r.Value.Id.ToString(CultureInfo.InvariantCulture), r.Value.Quantity, r.Value.Price, r.Value.Commission, r.Value.CommissionAsset, r.Value.PositionSide, r.Value.OrderId.ToString(CultureInfo.InvariantCulture))),
                local.Select(l => (Id: l.Fill.TradeId, l.Fill.Quantity, l.Fill.Price, l.Fill.Fee, l.Fill.FeeAsset, l.Fill.PositionSide, l.Fill.OrderId!)));
            if (!someFromStream)
            {
                Assert.Equal(remote.Select(r => r.Raw), local.Select(l => l.Raw));
            }

            Assert.All(local, l => Assert.Equal(TradeSyncOptions.DefaultVenue, l.Fill.Venue));
        }

        var risk = await Client.GetPositionRiskAsync(null, CancellationToken.None);
        Assert.NotEmpty(risk);
        foreach (var row in risk.Where(r => Symbols.Contains(r.Symbol)))
        {
            var position = (await Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(TradeSyncOptions.DefaultVenue, Account, row.Symbol, row.PositionSide));
            Assert.Equal(row.PositionAmount, position?.SignedQuantity ?? 0m);
            if (row.PositionAmount != 0)
            {
                // positionRisk prints entryPrice to 8 places: at most half a unit of the 8th place apart.
                var local = position!.AverageEntryPrice!.Value;
                Assert.True(Math.Abs(local - row.EntryPrice) <= 0.000000005m, $"{row.Symbol} {row.PositionSide}: local {local} vs exchange {row.EntryPrice}");
            }
        }

        var verify = await Log!.VerifyAsync(CancellationToken.None);
        Assert.Empty(verify.Differences);
    }

    public async ValueTask DisposeAsync()
    {
        if (Log is not null)
        {
            await Log.DisposeAsync();
        }

        _admin.Dispose();
        Http.Dispose();
        await Host.DisposeAsync();
        foreach (var file in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A pooled connection may still hold the file; the temp directory is cleaned by the OS.
            }
        }
    }
}
