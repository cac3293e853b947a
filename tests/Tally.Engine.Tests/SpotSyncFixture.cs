using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The paper exchange's spot side and a <see cref="BinanceSpotClient"/> on one <see cref="VirtualClock"/>, plus a
/// temporary SQLite fill log. Dispose at the end of a test; the database file goes with it.
/// </summary>
internal sealed class SpotSyncFixture : IAsyncDisposable
{
    public const string Account = "spot-main";

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Quantities in whole steps; the smallest clears the 5 USDT minimum notional at the start prices.
    public static readonly (string Symbol, string Base, decimal Step, int MinSteps, int MaxSteps)[] Markets =
    [
        ("BTCUSDT", "BTC", 0.00001m, 10, 400),
        ("ETHUSDT", "ETH", 0.0001m, 20, 3000),
        ("BNBUSDT", "BNB", 0.001m, 10, 5000),
    ];

    private readonly string _dbPath;

    private SpotSyncFixture(PaperExchangeHost host, VirtualClock clock, string dbPath)
    {
        Host = host;
        Clock = clock;
        _dbPath = dbPath;
        Handler = new RecordingHandler();
        Http = new HttpClient(Handler) { BaseAddress = host.BaseAddress };
        Client = new BinanceSpotClient(Http, host.ApiKey, new BinanceSigner(host.ApiSecret), clock);
    }

    public PaperExchangeHost Host { get; }

    public VirtualClock Clock { get; }

    public BinanceSpotClient Client { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public FillLog? Log { get; private set; }

    /// <summary>ws://127.0.0.1:port/ws-api/v3 — the spot WebSocket API.</summary>
    public Uri WebSocketApi => new($"ws://{Host.BaseAddress.Authority}/ws-api/v3");

    public static IReadOnlyList<string> Symbols => [.. Markets.Select(m => m.Symbol)];

    public static async Task<SpotSyncFixture> StartAsync(Action<PaperExchangeOptions>? configure = null)
    {
        var clock = new VirtualClock(Start);
        var options = new PaperExchangeOptions { Seed = 11, TimeProvider = clock };
        configure?.Invoke(options);
        var host = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        var fixture = new SpotSyncFixture(host, clock, Path.Combine(Path.GetTempPath(), $"tally-spot-{Guid.NewGuid():N}.db"));
        await fixture.OpenLogAsync();
        return fixture;
    }

    /// <summary>(Re)opens the fill log on the database file, as a restarted process would.</summary>
    public async Task<FillLog> OpenLogAsync()
    {
        if (Log is not null)
        {
            await Log.DisposeAsync();
        }

        var store = await FillStores.OpenAsync($"sqlite:{_dbPath}", CancellationToken.None);
        Log = await FillLog.OpenAsync(store, Clock, CancellationToken.None);
        return Log;
    }

    public TradeSyncOptions Options(int pageLimit = 1000) => new()
    {
        Venue = SpotTradeSynchronizer.DefaultVenue,
        Account = Account,
        Symbols = Symbols,
        StartTime = Start - TimeSpan.FromDays(1),
        PageLimit = pageLimit,
        Window = SpotTradeSynchronizer.MaxWindow,
    };

    public SpotTradeSynchronizer Synchronizer(int pageLimit = 1000) => new(Client, Log!, Options(pageLimit), Clock);

    /// <summary>
    /// Random spot orders, the clock moving 1…90 minutes between them (so they spread over several 24-hour
    /// windows): MARKET by quantity or by quoteOrderQty, LIMIT GTC/IOC/FOK around the last price (some rest and
    /// fill later as maker, some expire), and LIMIT_MAKER below (buy) or above (sell) the price by more than one
    /// step of the walk, so it never takes. <paramref name="marketOnly"/> leaves nothing resting.
    /// </summary>
    public async Task PlaceRandomOrdersAsync(int count, int seed, bool marketOnly = false)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (symbol, _, step, minSteps, maxSteps) = Markets[random.Next(Markets.Length)];
            var quantity = step * random.Next(minSteps, maxSteps + 1);
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var last = Host.SpotVenue.LastPrice(symbol);
            Host.SpotVenue.TryGetSymbol(symbol, out var pair);
            var offset = pair.TickSize * random.Next(1, 200);
            var away = side == Side.Buy ? last - offset : last + offset;
            var makerOffset = pair.TickSize * (pair.MaxTicksPerStep + random.Next(1, 200));
            var id = $"s{seed}-{i}";
            var order = (marketOnly ? 4 + random.Next(2) : random.Next(6)) switch
            {
                0 => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.Market, null, id, QuoteOrderQuantity: Math.Round(last * quantity, 2) + 1m),
                1 => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.Limit, quantity, id, Price: away, TimeInForce: "GTC"),
                2 => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.Limit, quantity, id, Price: away, TimeInForce: random.Next(2) == 0 ? "IOC" : "FOK"),
                3 => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.LimitMaker, quantity, id, Price: side == Side.Buy ? last - makerOffset : last + makerOffset),
                4 => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.Market, null, id, QuoteOrderQuantity: Math.Round(last * quantity, 2) + 1m),
                _ => new BinanceSpotOrderRequest(symbol, side, BinanceSpotOrderType.Market, quantity, id),
            };
            var placed = await Client.PlaceOrderAsync(order, CancellationToken.None);
            Assert.Contains(placed.Status, new[] { "NEW", "FILLED", "EXPIRED" });
            Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 91)));
        }
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

    public async Task<List<StoredFill>> LocalTradesAsync(string symbol)
    {
        var fills = new List<StoredFill>();
        await foreach (var stored in Log!.ReadFillsAsync(new FillQuery(Symbol: symbol), CancellationToken.None))
        {
            fills.Add(stored);
        }

        return fills;
    }

    public async Task<int> ExchangeTradeCountAsync()
    {
        var count = 0;
        foreach (var symbol in Symbols)
        {
            count += (await ExchangeTradesAsync(symbol)).Count;
        }

        return count;
    }

    /// <summary>
    /// Local fills equal myTrades (ids, side, qty, price, fee, fee asset, order id; raw rows when
    /// <paramref name="compareRaw"/>), and each base asset's holding in the ledger equals the exchange's balance
    /// change (free + locked − initial): the spot rule that a base-asset fee shrinks the quantity held.
    /// </summary>
    public async Task AssertAgreesWithExchangeAsync(bool compareRaw = true)
    {
        foreach (var symbol in Symbols)
        {
            var remote = await ExchangeTradesAsync(symbol);
            var local = (await LocalTradesAsync(symbol)).OrderBy(l => long.Parse(l.Fill.TradeId, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(
                remote.Select(r => (Id: r.Value.Id.ToString(CultureInfo.InvariantCulture), r.Value.Side, r.Value.Quantity, r.Value.Price, r.Value.Commission, r.Value.CommissionAsset, r.Value.OrderId.ToString(CultureInfo.InvariantCulture), r.Value.Time)),
                local.Select(l => (Id: l.Fill.TradeId, l.Fill.Side, l.Fill.Quantity, l.Fill.Price, l.Fill.Fee, l.Fill.FeeAsset, l.Fill.OrderId!, l.Fill.Timestamp!.Value.ToUnixTimeMilliseconds())));
            if (compareRaw)
            {
                Assert.Equal(remote.Select(r => r.Raw), local.Select(l => l.Raw));
            }

            Assert.All(local, l => Assert.Equal(SpotTradeSynchronizer.DefaultVenue, l.Fill.Venue));
        }

        var account = await Client.GetAccountAsync(CancellationToken.None);
        var initial = Host.SpotVenue.Options.InitialBalances;
        foreach (var (symbol, baseAsset, _, _, _) in Markets)
        {
            var balance = account.Balances.Single(b => b.Asset == baseAsset);
            var position = (await Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(SpotTradeSynchronizer.DefaultVenue, Account, symbol, PositionSide.Both));
            Assert.Equal(balance.Free + balance.Locked - initial[baseAsset], position?.SignedQuantity ?? 0m);
        }

        Assert.Empty(await Log!.ReadQuarantineAsync(CancellationToken.None));
        var verify = await Log.VerifyAsync(CancellationToken.None);
        Assert.Empty(verify.Differences);
    }

    public async ValueTask DisposeAsync()
    {
        if (Log is not null)
        {
            await Log.DisposeAsync();
        }

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
