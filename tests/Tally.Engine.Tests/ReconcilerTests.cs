using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Reconciliation;
using Tally.Engine.Reconciliation;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// DESIGN.md §6 against the paper exchange: positions changed behind the store's back (a store started after the
/// position opened, a store holding fills the exchange no longer has), the case a missed fill explains (ingested, nothing
/// adjusted), the audit trail, <c>tally verify</c>'s agreement after corrections, and a second pass finding nothing.
/// </summary>
public sealed class ReconcilerTests
{
    private const string Venue = TradeSyncOptions.DefaultVenue;

    private static Reconciler Reconciler(SyncFixture x, DateTimeOffset since, List<ReconcileResult>? found = null) => new(
        x.Client,
        x.Log!,
        new ReconcileOptions { Account = SyncFixture.Account, StartTime = since },
        x.Clock)
    {
        Found = found is null ? null : found.Add,
    };

    private static async Task MarketAsync(SyncFixture x, Side side, decimal quantity, string symbol = "BTCUSDT")
    {
        var placed = await x.Client.PlaceOrderAsync(new BinanceOrderRequest(symbol, side, BinanceOrderType.Market, quantity, $"hand-{Guid.NewGuid():N}"[..20]), CancellationToken.None);
        Assert.Equal("FILLED", placed.Status);
        x.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<BinancePositionRisk> ExchangeAsync(SyncFixture x, string symbol = "BTCUSDT") =>
        (await x.Client.GetPositionRiskAsync(symbol, CancellationToken.None)).Single(r => r.PositionSide == PositionSide.Both);

    private static async Task<Position?> LocalAsync(SyncFixture x, string symbol = "BTCUSDT") =>
        (await x.Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(Venue, SyncFixture.Account, symbol, PositionSide.Both));

    private static async Task AssertVerifiesAndSecondPassFindsNothingAsync(SyncFixture x, DateTimeOffset since)
    {
        Assert.Empty((await x.Log!.VerifyAsync(CancellationToken.None)).Differences);
        var again = await Reconciler(x, since).RunAsync(dryRun: false, CancellationToken.None);
        Assert.Empty(again.Found);
    }

    [Fact]
    public async Task A_mismatch_a_missed_fill_explains_is_fixed_by_back_filling_that_fill_and_nothing_is_adjusted_or_audited()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Buy, 0.010m);

        var report = await Reconciler(x, SyncFixture.Start - TimeSpan.FromDays(1)).RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(1, report.Backfill!.Stored);
        Assert.Equal([ReconcileKind.InSync], report.Results.Select(r => r.Finding.Kind));
        Assert.Empty(await x.Log!.ReadAuditAsync(CancellationToken.None));
        Assert.Equal((await ExchangeAsync(x)).PositionAmount, (await LocalAsync(x))!.SignedQuantity);
    }

    [Fact]
    public async Task Missing_local_beyond_the_back_fill_window_is_opened_by_an_audited_adjustment_fill_of_strategy_manual()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Buy, 0.010m);
        x.Clock.Advance(TimeSpan.FromHours(1));
        var since = x.Clock.GetUtcNow(); // the store starts after the position was opened: back-fill cannot reach its fill
        var found = new List<ReconcileResult>();

        var report = await Reconciler(x, since, found).RunAsync(dryRun: false, CancellationToken.None);

        var exchange = await ExchangeAsync(x);
        var result = Assert.Single(found);
        Assert.Equal((ReconcileKind.MissingLocal, Correction.Adjusted), (result.Finding.Kind, result.Correction));
        Assert.Equal(0, report.Backfill!.Stored);
        var local = (await LocalAsync(x))!;
        Assert.Equal((exchange.PositionAmount, exchange.EntryPrice), (local.SignedQuantity, local.AverageEntryPrice!.Value));
        var fill = Assert.Single(await x.LocalTradesAsync("BTCUSDT"));
        Assert.Equal(result.TradeIds, [fill.Fill.TradeId]);
        Assert.StartsWith(Core.Reconciliation.Reconciliation.TradeIdPrefix, fill.Fill.TradeId, StringComparison.Ordinal);
        Assert.Null(fill.Fill.ClientOrderId);

        var audit = Assert.Single(await x.Log!.ReadAuditAsync(CancellationToken.None));
        Assert.Equal("reconcile.missing_local", audit.Kind);
        Assert.Equal($"{Venue}/{SyncFixture.Account}/BTCUSDT/BOTH", audit.Subject);
        Assert.Equal("""{"quantity":"0","entry_price":null}""", audit.Before);
        Assert.Equal(Engine.Reconciliation.Reconciler.StateJson(0.010m, exchange.EntryPrice), audit.After);
        Assert.Contains(fill.Fill.TradeId, audit.Reason, StringComparison.Ordinal);

        var held = Assert.Single(await x.Log!.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), CancellationToken.None));
        Assert.Equal((AttributionBook.ManualStrategy, 0.010m), (held.StrategyId, held.OpenQuantity));
        await AssertVerifiesAndSecondPassFindsNothingAsync(x, since);
    }

    [Fact]
    public async Task Missing_exchange_closes_the_local_position_and_its_strategy_positions_with_reason_manual()
    {
        await using var x = await SyncFixture.StartAsync();
        // Strategy A's entry, filled on an exchange account that no longer has it (a testnet reset): the store holds
        // the position, the exchange is flat and has no trade to back-fill.
        await x.Log!.SaveIntentAsync(
            new OrderIntent(Venue, SyncFixture.Account, "a-entry-1", "BTCUSDT", "A", new OrderPurpose.Entry("A", "a-entry-1", 60_000m, 40_000m), OrderIntentKind.Market, Side.Buy, PositionSide.Both, 0.002m, null, false, null, SyncFixture.Start),
            CancellationToken.None);
        var entry = new Fill(Venue, SyncFixture.Account, "BTCUSDT", Side.Buy, PositionSide.Both, 0.002m, 45_000m, 0.036m, "USDT", "777001", SyncFixture.Start, "555", "a-entry-1");
        await x.Log.IngestAsync([new IncomingFill(entry, null)], CancellationToken.None);
        x.Clock.Advance(TimeSpan.FromMinutes(5));

        var report = await Reconciler(x, SyncFixture.Start).RunAsync(dryRun: false, CancellationToken.None);

        var result = Assert.Single(report.Found);
        Assert.Equal((ReconcileKind.MissingExchange, Correction.Adjusted), (result.Finding.Kind, result.Correction));
        Assert.Equal(0m, (await LocalAsync(x))!.SignedQuantity);
        var a = Assert.Single(await x.Log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyId: "A"), CancellationToken.None));
        Assert.Equal((StrategyPositionStatus.Closed, CloseReason.Manual, 0m), (a.Status, a.CloseReason, a.OpenQuantity));
        Assert.Equal(45_000m, a.ExitPrice); // closed at its own entry: no PnL invented
        var audit = Assert.Single(await x.Log.ReadAuditAsync(CancellationToken.None));
        Assert.Equal(("reconcile.missing_exchange", """{"quantity":"0.002","entry_price":"45000"}""", """{"quantity":"0","entry_price":null}"""), (audit.Kind, audit.Before, audit.After));
        await AssertVerifiesAndSecondPassFindsNothingAsync(x, SyncFixture.Start);
    }

    [Fact]
    public async Task A_quantity_mismatch_of_opposite_sides_closes_the_local_side_and_opens_the_exchanges()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Buy, 0.010m);
        x.Clock.Advance(TimeSpan.FromHours(1));
        var since = x.Clock.GetUtcNow();
        await MarketAsync(x, Side.Sell, 0.004m); // reachable: the store sees a short 0.004, the exchange holds a long 0.006

        var report = await Reconciler(x, since).RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(1, report.Backfill!.Stored);
        var result = Assert.Single(report.Found);
        Assert.Equal((ReconcileKind.QuantityMismatch, Correction.Adjusted, 2), (result.Finding.Kind, result.Correction, result.TradeIds.Count));
        Assert.Equal(-0.004m, result.Finding.Local!.SignedQuantity);
        var exchange = await ExchangeAsync(x);
        var local = (await LocalAsync(x))!;
        Assert.Equal((0.006m, exchange.PositionAmount), (local.SignedQuantity, local.SignedQuantity));
        Assert.Equal(exchange.EntryPrice, local.AverageEntryPrice);
        await AssertVerifiesAndSecondPassFindsNothingAsync(x, since);
    }

    [Fact]
    public async Task A_quantity_mismatch_of_a_grown_position_adds_the_difference_at_the_price_that_gives_the_exchanges_entry()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Buy, 0.010m);
        x.Clock.Advance(TimeSpan.FromHours(1));
        var since = x.Clock.GetUtcNow();
        await MarketAsync(x, Side.Buy, 0.005m);

        var report = await Reconciler(x, since).RunAsync(dryRun: false, CancellationToken.None);

        var result = Assert.Single(report.Found);
        Assert.Equal((ReconcileKind.QuantityMismatch, Correction.Adjusted), (result.Finding.Kind, result.Correction));
        var exchange = await ExchangeAsync(x);
        var local = (await LocalAsync(x))!;
        Assert.Equal(0.015m, local.SignedQuantity);
        Assert.True(Math.Abs(local.AverageEntryPrice!.Value - exchange.EntryPrice) <= exchange.EntryPrice * ReconcileSettings.DefaultPriceTolerance);
        await AssertVerifiesAndSecondPassFindsNothingAsync(x, since);
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_correct_and_writes_nothing()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Sell, 0.010m);
        var found = new List<ReconcileResult>();

        var report = await Reconciler(x, SyncFixture.Start - TimeSpan.FromDays(1), found).RunAsync(dryRun: true, CancellationToken.None);

        var result = Assert.Single(found);
        Assert.Equal((ReconcileKind.MissingLocal, Correction.Proposed), (result.Finding.Kind, result.Correction));
        Assert.Single(result.Finding.Adjustments);
        Assert.Null(report.Backfill);
        Assert.Equal(0L, await x.Log!.CountFillsAsync(CancellationToken.None));
        Assert.Empty(await x.Log.ReadAuditAsync(CancellationToken.None));
        Assert.Null(await LocalAsync(x));
    }

    [Fact]
    public async Task The_service_waits_for_the_account_to_go_live_corrects_then_passes_again_after_the_interval_finding_nothing()
    {
        await using var x = await SyncFixture.StartAsync();
        await MarketAsync(x, Side.Buy, 0.010m);
        x.Clock.Advance(TimeSpan.FromHours(1));
        var since = x.Clock.GetUtcNow();
        var reports = new List<ReconcileReport?>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new ReconcileService(Reconciler(x, since), Venue, SyncFixture.Account, TimeSpan.FromMinutes(15), x.Clock)
        {
            PassCompleted = report =>
            {
                lock (reports)
                {
                    reports.Add(report);
                    if (reports.Count == 2)
                    {
                        second.TrySetResult();
                    }
                }
            },
        };
        await service.StartAsync(CancellationToken.None);
        var waitedBefore = x.Clock.Waited;

        service.Trigger();
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        List<ReconcileReport?> seen;
        lock (reports)
        {
            seen = [.. reports];
        }

        Assert.Equal([ReconcileKind.MissingLocal], seen[0]!.Found.Select(r => r.Finding.Kind));
        Assert.Empty(seen[1]!.Found);
        Assert.True(x.Clock.Waited - waitedBefore >= TimeSpan.FromMinutes(15));
        Assert.Single(await x.Log!.ReadAuditAsync(CancellationToken.None));
    }
}
