using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;

namespace Tally.Engine.Tests;

public sealed class SpotTradeSynchronizerTests
{
    [Fact]
    public async Task Backfill_of_random_spot_orders_stores_exactly_my_trades_and_holds_what_the_balances_say()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(150, seed: 1);
        var trades = await x.ExchangeTradeCountAsync();
        Assert.InRange(trades, 60, 150);

        var report = await x.Synchronizer(pageLimit: 17).BackfillAsync(CancellationToken.None);

        Assert.Equal(trades, report.Stored);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task Spot_symbols_are_defined_as_spot_instruments_from_exchange_info()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.True((await x.Log!.SnapshotAsync(CancellationToken.None)).Instruments.TryResolve(SpotTradeSynchronizer.DefaultVenue, "ETHUSDT", out var eth));
        Assert.Equal(Instrument.Create("ETHUSDT", InstrumentKind.Spot, "ETH", "USDT"), eth);
    }

    [Fact]
    public async Task A_futures_sync_then_a_spot_sync_of_BTCUSDT_into_one_store_keep_two_positions_of_their_own_kinds_and_verify_equal()
    {
        // One paper exchange serves /fapi and /api/v3 on one host: the same account trades the perpetual and the pair.
        await using var x = await SpotSyncFixture.StartAsync();
        using var futuresHttp = new HttpClient { BaseAddress = x.Host.BaseAddress };
        var futures = new BinanceFuturesClient(futuresHttp, x.Host.ApiKey, new BinanceSigner(x.Host.ApiSecret), x.Clock);
        await futures.PlaceOrderAsync(new BinanceOrderRequest("BTCUSDT", Side.Sell, BinanceOrderType.Market, 0.002m, "perp-sell"), CancellationToken.None);
        x.Host.SpotVenue.SetPrice("BTCUSDT", 90000m);
        await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.01m, "spot-buy"), CancellationToken.None);

        var futuresOptions = new TradeSyncOptions { Account = SpotSyncFixture.Account, Symbols = ["BTCUSDT"], StartTime = SpotSyncFixture.Start - TimeSpan.FromDays(1) };
        Assert.Equal(1, (await new TradeSynchronizer(futures, x.Log!, futuresOptions, x.Clock).BackfillAsync(CancellationToken.None)).Stored);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);   // once refused: the store knew BTCUSDT as a linear contract

        await AssertTwoBtcPositionsAsync(x.Log!);
        await AssertTwoBtcPositionsAsync(await x.OpenLogAsync());   // and after a restart

        static async Task AssertTwoBtcPositionsAsync(Tally.Storage.FillLog log)
        {
            var positions = (await log.PositionsAsync(at: null, CancellationToken.None)).Where(p => p.Key.Symbol == "BTCUSDT");
            Assert.Equal(
                [(BinanceVenues.UsdMFutures, InstrumentKind.Linear, -0.002m), (BinanceVenues.Spot, InstrumentKind.Spot, 0.00999m)],
                positions.Select(p => (p.Key.Venue, p.Instrument.Kind, p.SignedQuantity)));
            var verify = await log.VerifyAsync(CancellationToken.None);
            Assert.True(verify.Equal, string.Join("\n", verify.Differences));
        }
    }

    [Fact]
    public async Task A_buy_paying_its_fee_in_the_base_asset_holds_the_quantity_less_the_fee()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        x.Host.SpotVenue.SetPrice("BTCUSDT", 90000m);
        var placed = await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.01m, "fee-in-base"), CancellationToken.None);
        Assert.Equal("FILLED", placed.Status);

        await x.Synchronizer().BackfillAsync(CancellationToken.None);

        // 0.01 BTC at 0.1 % pays 0.00001 BTC: the ledger holds 0.00999, as the account's BTC balance grew.
        var fill = Assert.Single(await x.LocalTradesAsync("BTCUSDT"));
        Assert.Equal(0.00001m, fill.Fill.Fee);
        Assert.Equal("BTC", fill.Fill.FeeAsset);
        var position = (await x.Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(SpotTradeSynchronizer.DefaultVenue, SpotSyncFixture.Account, "BTCUSDT", PositionSide.Both));
        Assert.Equal(0.00999m, position!.SignedQuantity);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task Without_a_checkpoint_the_walk_uses_24_hour_windows_and_later_runs_page_by_from_id_only()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        x.Clock.Advance(TimeSpan.FromDays(3));
        await x.PlaceRandomOrdersAsync(30, seed: 2);

        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        var windowCalls = x.Handler.Calls.Count(c => c.Path.Contains("myTrades", StringComparison.Ordinal) && c.Path.Contains("startTime", StringComparison.Ordinal));
        var windows = x.Handler.Calls.Where(c => c.Path.Contains("startTime", StringComparison.Ordinal)).Select(c => Window(c.Path)).ToList();

        // The walk starts a day before the fixture's start and found trades only after three empty days.
        Assert.True(windowCalls >= 4 * SpotSyncFixture.Symbols.Count - 2, $"only {windowCalls} window calls");
        Assert.All(windows, w => Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1), w));
        Assert.DoesNotContain(x.Handler.Calls, c => c.Status != System.Net.HttpStatusCode.OK);

        x.Handler.Calls.Clear();
        await x.PlaceRandomOrdersAsync(20, seed: 3);
        var second = await x.Synchronizer().BackfillAsync(CancellationToken.None);
        Assert.True(second.Stored > 0);
        Assert.Equal(0, second.AlreadyPresent);
        Assert.DoesNotContain(x.Handler.Calls, c => c.Path.Contains("startTime", StringComparison.Ordinal));
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task The_exchange_refuses_a_window_over_24_hours_and_from_id_with_times()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        var start = SpotSyncFixture.Start;

        var tooLong = await Assert.ThrowsAsync<BinanceApiException>(() => x.Client.GetMyTradesAsync("BTCUSDT", null, start, start + TimeSpan.FromHours(25), 10, CancellationToken.None));
        Assert.Equal(-1127, tooLong.Code);
        Assert.Empty(await x.Client.GetMyTradesAsync("BTCUSDT", null, start, start + TimeSpan.FromHours(24), 10, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpotTradeSynchronizer(x.Client, x.Log!, x.Options() with { Window = TimeSpan.FromDays(2) }, x.Clock));
    }

    [Fact]
    public async Task A_synchronizer_cancelled_midway_resumes_from_its_checkpoints_after_a_restart_without_duplicates()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(200, seed: 4);
        var total = await x.ExchangeTradeCountAsync();
        using var cts = new CancellationTokenSource();
        x.Handler.CancelPath = "myTrades";
        x.Handler.CancelSource = cts;
        x.Handler.CancelAfter = x.Handler.Count("myTrades") + 6;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => x.Synchronizer(pageLimit: 10).BackfillAsync(cts.Token));
        var before = await x.Log!.CountFillsAsync(CancellationToken.None);
        Assert.InRange(before, 1, total - 1);
        Assert.NotEmpty(await x.Log.ReadCheckpointsAsync(CancellationToken.None));

        // A new process: the log reopened from the file, a new synchronizer.
        x.Handler.CancelAfter = null;
        await x.OpenLogAsync();
        var resumed = await x.Synchronizer(pageLimit: 10).BackfillAsync(CancellationToken.None);

        Assert.Equal(total - before, resumed.Stored);
        Assert.Equal(0, resumed.AlreadyPresent + resumed.Quarantined);
        await x.AssertAgreesWithExchangeAsync();
    }

    private static TimeSpan Window(string path)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x/"), path).Query);
        return TimeSpan.FromMilliseconds(long.Parse(query["endTime"]!, System.Globalization.CultureInfo.InvariantCulture) - long.Parse(query["startTime"]!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
