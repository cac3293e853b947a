using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Engine.Tests;

public sealed class FundingSynchronizerTests
{
    private static readonly TradeSyncOptions Options = new()
    {
        Account = SyncFixture.Account,
        Symbols = SyncFixture.Symbols,
        StartTime = SyncFixture.Start - TimeSpan.FromDays(1),
    };

    [Fact]
    public async Task A_fixed_rate_books_the_hand_computed_payments_to_the_one_way_positions()
    {
        await using var x = await SyncFixture.StartAsync(o => o.FixedFundingRate = 0.0001m);
        using var admin = Admin(x);
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        await SetPriceAsync(admin, "BTCUSDT", 50000m);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 1m, "eth-long"), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("BTCUSDT", Side.Sell, BinanceOrderType.Market, 0.01m, "btc-short"), CancellationToken.None);
        // Orders step the price walk; put the marks back where the hand computation wants them.
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        await SetPriceAsync(admin, "BTCUSDT", 50000m);
        x.Clock.Advance(TimeSpan.FromHours(24)); // funding at 08:00, 16:00 and 00:00
        await x.Synchronizer().BackfillAsync(CancellationToken.None);

        var report = await Funding(x).SyncAsync(CancellationToken.None);

        // Long 1 ETH × 3000 × 0.0001 pays 0.3; short 0.01 BTC × 50000 × 0.0001 receives 0.05; three times each.
        Assert.Equal(PositionMode.OneWay, report.Mode);
        Assert.Equal(6, report.Stored);
        var stored = await x.Log!.ReadFundingAsync(new FundingQuery(), CancellationToken.None);
        Assert.Equal(
            [-0.3m, -0.3m, -0.3m],
            stored.Where(s => s.Payment.Symbol == "ETHUSDT").Select(s => s.Payment.Amount));
        Assert.Equal(
            [0.05m, 0.05m, 0.05m],
            stored.Where(s => s.Payment.Symbol == "BTCUSDT").Select(s => s.Payment.Amount));
        Assert.All(stored, s => Assert.Equal(PositionSide.Both, s.Payment.PositionSide));
        Assert.Equal(
            [SyncFixture.Start.AddHours(8), SyncFixture.Start.AddHours(16), SyncFixture.Start.AddHours(24)],
            stored.Where(s => s.Payment.Symbol == "ETHUSDT").Select(s => s.Payment.Time));
        Assert.Equal([new AssetAmount("USDT", -0.9m)], (await PositionAsync(x, "ETHUSDT", PositionSide.Both)).Funding);
        Assert.Equal([new AssetAmount("USDT", 0.15m)], (await PositionAsync(x, "BTCUSDT", PositionSide.Both)).Funding);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task Hedge_payments_go_to_the_long_or_short_book_by_sign_against_the_rate()
    {
        await using var x = await SyncFixture.StartAsync(o =>
        {
            o.PositionMode = PositionMode.Hedge;
            o.FixedFundingRate = -0.0002m;
        });
        using var admin = Admin(x);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 2m, "long", PositionSide: PositionSide.Long), CancellationToken.None);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Sell, BinanceOrderType.Market, 0.5m, "short", PositionSide: PositionSide.Short), CancellationToken.None);
        await SetPriceAsync(admin, "ETHUSDT", 2500m);
        x.Clock.Advance(TimeSpan.FromHours(8));

        var report = await Funding(x).SyncAsync(CancellationToken.None);

        // A negative rate: the long receives 2 × 2500 × 0.0002 = 1, the short pays 0.5 × 2500 × 0.0002 = 0.25.
        Assert.Equal(PositionMode.Hedge, report.Mode);
        Assert.Equal(2, report.Stored);
        Assert.Equal([new AssetAmount("USDT", 1m)], (await PositionAsync(x, "ETHUSDT", PositionSide.Long)).Funding);
        Assert.Equal([new AssetAmount("USDT", -0.25m)], (await PositionAsync(x, "ETHUSDT", PositionSide.Short)).Funding);
    }

    [Theory]
    [InlineData(false, 31)]
    [InlineData(true, 32)]
    public async Task Stored_funding_equals_the_exchanges_income_rows_and_each_side_held_the_position_that_paid_it(bool hedge, int seed)
    {
        await using var x = await SyncFixture.StartAsync(o => o.PositionMode = hedge ? PositionMode.Hedge : PositionMode.OneWay);
        await x.PlaceRandomOrdersAsync(120, seed, hedge);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);

        var report = await Funding(x).SyncAsync(CancellationToken.None);

        var remote = await ExchangeFundingAsync(x);
        Assert.True(remote.Count > 20, $"only {remote.Count} funding rows");
        Assert.Equal(remote.Count, report.Stored);
        await AssertFundingAgreesAsync(x, remote, hedge);

        var again = await Funding(x).SyncAsync(CancellationToken.None);
        Assert.Equal(0, again.Stored + again.Quarantined);
        Assert.Equal(remote.Count, (await x.Log!.ReadFundingAsync(new FundingQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_restart_resumes_from_the_funding_checkpoint_and_stores_only_the_new_payments()
    {
        await using var x = await SyncFixture.StartAsync(o => o.PositionMode = PositionMode.Hedge);
        await x.PlaceRandomOrdersAsync(60, seed: 33, hedge: true);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        var first = await Funding(x).SyncAsync(CancellationToken.None);
        var checkpoint = Assert.Single(
            await x.Log!.ReadCheckpointsAsync(CancellationToken.None),
            c => c.Kind == SyncCheckpointKind.Funding);
        Assert.Equal(FundingSynchronizer.AccountWide, checkpoint.Symbol);
        Assert.Equal(first.LastFundingId, checkpoint.LastTradeId);

        await x.PlaceRandomOrdersAsync(60, seed: 34, hedge: true);
        var log = await x.OpenLogAsync(); // a new process
        await x.Synchronizer(log: log).BackfillAsync(CancellationToken.None);
        var incomeCallsBefore = x.Handler.Calls.Count(c => c.Path.Contains("income", StringComparison.Ordinal));
        var second = await Funding(x).SyncAsync(CancellationToken.None);

        var firstCall = x.Handler.Calls.Where(c => c.Path.Contains("income", StringComparison.Ordinal)).Skip(incomeCallsBefore).First();
        Assert.Contains($"startTime={checkpoint.LastTradeTime!.Value.ToUnixTimeMilliseconds()}&", firstCall.Path, StringComparison.Ordinal);
        var remote = await ExchangeFundingAsync(x);
        Assert.True(second.Stored > 0);
        Assert.Equal(remote.Count, first.Stored + second.Stored);
        await AssertFundingAgreesAsync(x, remote, hedge: true);
    }

    [Fact]
    public async Task Pages_that_end_inside_one_funding_millisecond_miss_and_repeat_nothing()
    {
        await using var x = await SyncFixture.StartAsync(o => o.FixedFundingRate = 0.0001m);
        foreach (var (symbol, step, minSteps, _) in SyncFixture.Markets)
        {
            await x.Client.PlaceOrderAsync(new BinanceOrderRequest(symbol, Side.Buy, BinanceOrderType.Market, step * minSteps, $"open-{symbol}"), CancellationToken.None);
        }

        x.Clock.Advance(TimeSpan.FromHours(16)); // every symbol × 2 funding times, all symbols at each same millisecond
        await x.Synchronizer().BackfillAsync(CancellationToken.None);

        var report = await new FundingSynchronizer(x.Client, x.Log!, Options with { PageLimit = 3 }, x.Clock).SyncAsync(CancellationToken.None);

        var remote = await ExchangeFundingAsync(x);
        Assert.Equal(2 * SyncFixture.Markets.Length, remote.Count);
        Assert.Equal(2 * SyncFixture.Markets.Length, report.Stored);
        await AssertFundingAgreesAsync(x, remote, hedge: false);
    }

    [Fact]
    public async Task A_liquidation_fill_is_back_filled_and_the_positions_end_flat_as_position_risk_says()
    {
        await using var x = await SyncFixture.StartAsync(o => o.Funding = false);
        using var admin = Admin(x);
        await SetPriceAsync(admin, "ETHUSDT", 3000m);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 10m, "too-big"), CancellationToken.None);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        Assert.NotEqual(0m, (await PositionAsync(x, "ETHUSDT", PositionSide.Both)).SignedQuantity);

        // Wallet 10000, long 10 ETH from about 3000: equity 10p − 20000 falls below 0.4 % of 10p under about 2008.
        await SetPriceAsync(admin, "ETHUSDT", 2000m);
        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(1, report.Stored);
        var trades = await x.ExchangeTradesAsync("ETHUSDT");
        Assert.Equal(2, trades.Count);
        Assert.Equal(Side.Sell, trades[1].Value.Side);
        Assert.Equal(0m, (await PositionAsync(x, "ETHUSDT", PositionSide.Both)).SignedQuantity);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task A_hedge_row_without_a_settled_rate_is_quarantined_once_and_the_checkpoint_moves_past_it()
    {
        await using var x = await SyncFixture.StartAsync(o =>
        {
            o.PositionMode = PositionMode.Hedge;
            o.FixedFundingRate = 0.0001m;
        });
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 1m, "long", PositionSide: PositionSide.Long), CancellationToken.None);
        x.Clock.Advance(TimeSpan.FromHours(8));
        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        using var http = new HttpClient(new NoFundingRates { InnerHandler = new HttpClientHandler() }) { BaseAddress = x.Host.BaseAddress };
        var blind = new BinanceFuturesClient(http, x.Host.ApiKey, new BinanceSigner(x.Host.ApiSecret), x.Clock);
        var synchronizer = new FundingSynchronizer(blind, x.Log!, Options, x.Clock);

        var first = await synchronizer.SyncAsync(CancellationToken.None);
        var again = await synchronizer.SyncAsync(CancellationToken.None);

        Assert.Equal((0, 1), (first.Stored, first.Quarantined));
        Assert.Equal((0, 0, 1), (again.Stored, again.Quarantined, again.AlreadyPresent));
        var entry = Assert.Single(await x.Log!.ReadQuarantineAsync(CancellationToken.None));
        Assert.Equal(QuarantineEntry.FundingSource, entry.Source);
        Assert.Contains("no funding rate of ETHUSDT", entry.Reason, StringComparison.Ordinal);
        var row = Assert.Single(await ExchangeFundingAsync(x));
        Assert.Equal(row.Raw, entry.Payload);
        Assert.Equal(first.LastFundingId, row.Value.TranId.ToString(CultureInfo.InvariantCulture));
        Assert.Empty(await x.Log.ReadFundingAsync(new FundingQuery(), CancellationToken.None));
    }

    /// <summary>Answers every fundingRate request with an empty list, as for a symbol Binance has no history of.</summary>
    private sealed class NoFundingRates : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.EndsWith("/fundingRate", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]") })
                : base.SendAsync(request, cancellationToken);
    }

    private static HttpClient Admin(SyncFixture x) => new() { BaseAddress = x.Host.BaseAddress };

    private static async Task SetPriceAsync(HttpClient admin, string symbol, decimal price)
    {
        using var response = await admin.PostAsync(
            new Uri($"admin/price?symbol={symbol}&price={price.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    private static FundingSynchronizer Funding(SyncFixture x) => new(x.Client, x.Log!, Options, x.Clock);

    private static async Task<Position> PositionAsync(SyncFixture x, string symbol, PositionSide side) =>
        (await x.Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(TradeSyncOptions.DefaultVenue, SyncFixture.Account, symbol, side))
        ?? throw new InvalidOperationException($"no position {symbol} {side}");

    /// <summary>Every FUNDING_FEE income row of the account, straight from the exchange.</summary>
    private static async Task<List<BinanceRecorded<BinanceIncome>>> ExchangeFundingAsync(SyncFixture x)
    {
        var all = new List<BinanceRecorded<BinanceIncome>>();
        for (var page = 1; ; page++)
        {
            var rows = await x.Client.GetIncomeAsync(null, BinanceIncome.FundingFee, SyncFixture.Start - TimeSpan.FromDays(1), x.Clock.GetUtcNow(), 1000, CancellationToken.None, page);
            all.AddRange(rows);
            if (rows.Count < 1000)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// Stored payments equal the income rows (id, symbol, amount, asset, time, raw), each one's side is a book that
    /// was open just before its funding time and whose −amount × mark × rate (the settled rate and mark) is the
    /// payment, and every position's funding is the sum of its payments.
    /// </summary>
    private static async Task AssertFundingAgreesAsync(SyncFixture x, List<BinanceRecorded<BinanceIncome>> remote, bool hedge)
    {
        var local = await x.Log!.ReadFundingAsync(new FundingQuery(), CancellationToken.None);
        Assert.Equal(
            remote.Select(r => (r.Value.TranId.ToString(CultureInfo.InvariantCulture), r.Value.Symbol, r.Value.Income, r.Value.Asset, DateTimeOffset.FromUnixTimeMilliseconds(r.Value.Time), r.Raw)),
            local.Select(l => (l.Payment.FundingId, l.Payment.Symbol, l.Payment.Amount, l.Payment.Asset, l.Payment.Time, l.Raw!)));

        foreach (var time in local.Select(l => l.Payment.Time).Distinct())
        {
            var before = await x.Log.PositionsAsync(time - TimeSpan.FromMilliseconds(1), CancellationToken.None);
            foreach (var payment in local.Select(l => l.Payment).Where(p => p.Time == time))
            {
                Assert.Equal(hedge, payment.PositionSide != PositionSide.Both);
                var settled = Assert.Single(await x.Client.GetFundingRatesAsync(payment.Symbol, time, time, 10, CancellationToken.None));
                var held = before.Single(p => p.Key == payment.Key);
                Assert.Equal(Math.Round(-(held.SignedQuantity * settled.MarkPrice!.Value * settled.FundingRate), 8, MidpointRounding.ToEven), payment.Amount);
            }
        }

        foreach (var key in local.Select(l => l.Payment.Key).Distinct())
        {
            var expected = local.Where(l => l.Payment.Key == key).Sum(l => l.Payment.Amount);
            Assert.Equal([new AssetAmount("USDT", expected)], (await x.Log.SnapshotAsync(CancellationToken.None)).Find(key)!.Funding);
        }

        Assert.Empty(await x.Log.ReadQuarantineAsync(CancellationToken.None));
    }
}
