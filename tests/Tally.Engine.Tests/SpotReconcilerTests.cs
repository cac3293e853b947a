using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Reconciliation;
using Tally.Engine.Reconciliation;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange.Spot;
using Tally.Storage;
using Rules = Tally.Core.Reconciliation.Reconciliation;

namespace Tally.Engine.Tests;

/// <summary>
/// DESIGN.md §6 "and spot balances" against the paper exchange's spot venue (an account that starts with USDT only, so
/// every base asset it holds came through a fill): a fill hidden from the store explained by the back-fill, balances
/// changed behind the store's back (the admin endpoint) booked as audited adjustments, a dry run writing nothing.
/// </summary>
public sealed class SpotReconcilerTests
{
    private const string Venue = BinanceVenues.Spot;

    private static Task<SpotSyncFixture> StartAsync() => SpotSyncFixture.StartAsync(o => o.Spot = new SpotOptions
    {
        InitialBalances = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["USDT"] = 1_000_000m },
    });

    private static SpotReconciler Reconciler(SpotSyncFixture x, List<ReconcileResult>? found = null) => new(
        x.Client,
        x.Log!,
        new ReconcileOptions { Venue = Venue, Account = SpotSyncFixture.Account, Symbols = ["BTCUSDT", "ETHUSDT"], StartTime = SpotSyncFixture.Start - TimeSpan.FromDays(1) },
        x.Clock)
    {
        Found = found is null ? null : found.Add,
    };

    private static async Task BuyAsync(SpotSyncFixture x, string symbol, decimal quantity)
    {
        var placed = await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest(symbol, Side.Buy, BinanceSpotOrderType.Market, quantity, $"hand-{Guid.NewGuid():N}"[..20]), CancellationToken.None);
        Assert.Equal("FILLED", placed.Status);
        x.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    /// <summary>The admin endpoint: an asset's free balance set behind the store's back (a deposit, a withdrawal).</summary>
    private static async Task SetBalanceAsync(SpotSyncFixture x, string asset, decimal free)
    {
        using var http = new HttpClient { BaseAddress = x.Host.BaseAddress };
        using var response = await http.PostAsync(new Uri(FormattableString.Invariant($"admin/spot/balance?asset={asset}&free={free}"), UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        x.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<decimal> BalanceAsync(SpotSyncFixture x, string asset)
    {
        var b = (await x.Client.GetAccountAsync(CancellationToken.None)).Balances.FirstOrDefault(b => b.Asset == asset);
        return b.Free + b.Locked;
    }

    private static async Task<Position?> LocalAsync(SpotSyncFixture x, string symbol) =>
        (await x.Log!.SnapshotAsync(CancellationToken.None)).Find(new PositionKey(Venue, SpotSyncFixture.Account, symbol, PositionSide.Both));

    private static async Task AssertVerifiesAndSecondPassFindsNothingAsync(SpotSyncFixture x)
    {
        Assert.Empty((await x.Log!.VerifyAsync(CancellationToken.None)).Differences);
        var again = await Reconciler(x).RunAsync(dryRun: false, CancellationToken.None);
        Assert.Empty(again.Found);
    }

    [Fact]
    public async Task A_fill_hidden_from_the_store_is_explained_by_the_back_fill_and_nothing_is_adjusted_or_audited()
    {
        await using var x = await StartAsync();
        await BuyAsync(x, "BTCUSDT", 0.01m); // the store never saw it: no stream, no sync

        var report = await Reconciler(x).RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(1, report.Backfill!.Stored);
        Assert.Equal([("BTCUSDT", ReconcileKind.InSync), ("ETHUSDT", ReconcileKind.InSync)], report.Results.Select(r => (r.Finding.Symbol, r.Finding.Kind)));
        Assert.Empty(await x.Log!.ReadAuditAsync(CancellationToken.None));
        Assert.DoesNotContain(await x.LocalTradesAsync("BTCUSDT"), f => Rules.IsAdjustment(f.Fill));
        Assert.Equal(0.00999m, await BalanceAsync(x, "BTC")); // 0.01 less the 0.1 % fee taken in BTC
        Assert.Equal(0.00999m, (await LocalAsync(x, "BTCUSDT"))!.SignedQuantity);
    }

    [Fact]
    public async Task A_balance_grown_behind_the_stores_back_is_a_quantity_mismatch_added_at_the_ledgers_average_and_audited()
    {
        await using var x = await StartAsync();
        await BuyAsync(x, "BTCUSDT", 0.01m);
        await Reconciler(x).RunAsync(dryRun: false, CancellationToken.None); // back-fills the buy: in sync
        var average = (await LocalAsync(x, "BTCUSDT"))!.AverageEntryPrice!.Value;
        await SetBalanceAsync(x, "BTC", 0.02999m); // a deposit of 0.02 BTC
        var found = new List<ReconcileResult>();

        var report = await Reconciler(x, found).RunAsync(dryRun: false, CancellationToken.None);

        var result = Assert.Single(found);
        Assert.Equal((ReconcileKind.QuantityMismatch, Correction.Adjusted, "BTCUSDT"), (result.Finding.Kind, result.Correction, result.Finding.Symbol));
        Assert.Equal(0, report.Backfill!.Stored);
        var local = (await LocalAsync(x, "BTCUSDT"))!;
        Assert.Equal((0.02999m, average), (local.SignedQuantity, local.AverageEntryPrice!.Value)); // the average kept: no price is known
        var fill = Assert.Single(await x.LocalTradesAsync("BTCUSDT"), f => Rules.IsAdjustment(f.Fill));
        Assert.Equal((Side.Buy, 0.02m, average, 0m), (fill.Fill.Side, fill.Fill.Quantity, fill.Fill.Price, fill.Fill.Fee));
        Assert.Equal(result.TradeIds, [fill.Fill.TradeId]);

        var audit = Assert.Single(await x.Log!.ReadAuditAsync(CancellationToken.None));
        Assert.Equal("reconcile.quantity_mismatch", audit.Kind);
        Assert.Equal($"{Venue}/{SpotSyncFixture.Account}/BTCUSDT/BOTH", audit.Subject);
        Assert.Equal(Engine.Reconciliation.Reconciler.StateJson(0.00999m, average), audit.Before);
        Assert.Equal(Engine.Reconciliation.Reconciler.StateJson(0.02999m, average), audit.After);
        Assert.Contains("exchange balance 0.02999 BTC (free 0.02999, locked 0)", audit.Reason, StringComparison.Ordinal);
        Assert.Contains("spot balances carry no price", audit.Reason, StringComparison.Ordinal);
        Assert.Contains(fill.Fill.TradeId, audit.Reason, StringComparison.Ordinal);
        await AssertVerifiesAndSecondPassFindsNothingAsync(x);
    }

    [Fact]
    public async Task A_deposit_the_ledger_never_held_opens_at_the_last_price_and_a_holding_the_account_lacks_is_closed_with_reason_manual()
    {
        await using var x = await StartAsync();

        await Reconciler(x).RunAsync(dryRun: false, CancellationToken.None); // defines the pairs as spot instruments

        // Strategy A's entry on BTC, in the store; the exchange account no longer holds it (withdrawn): nothing to back-fill.
        await x.Log!.SaveIntentAsync(
            new OrderIntent(Venue, SpotSyncFixture.Account, "a-entry-1", "BTCUSDT", "A", new OrderPurpose.Entry("A", "a-entry-1"), OrderIntentKind.Market, Side.Buy, PositionSide.Both, 0.01m, null, false, null, SpotSyncFixture.Start),
            CancellationToken.None);
        var entry = new Fill(Venue, SpotSyncFixture.Account, "BTCUSDT", Side.Buy, PositionSide.Both, 0.01m, 90_000m, 0.9m, "USDT", "777001", SpotSyncFixture.Start, "555", "a-entry-1");
        await x.Log.IngestAsync([new IncomingFill(entry, null)], CancellationToken.None);
        const decimal average = 90_000m;

        await SetBalanceAsync(x, "ETH", 0.5m);    // deposited
        var report = await Reconciler(x).RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(
            [("BTCUSDT", ReconcileKind.MissingExchange, Correction.Adjusted), ("ETHUSDT", ReconcileKind.MissingLocal, Correction.Adjusted)],
            report.Found.Select(r => (r.Finding.Symbol, r.Finding.Kind, r.Correction)));
        Assert.Equal(0m, (await LocalAsync(x, "BTCUSDT"))!.SignedQuantity);
        var a = Assert.Single(await x.Log!.StrategyPositionsAsync(new StrategyPositionQuery(StrategyId: "A"), CancellationToken.None));
        Assert.Equal((StrategyPositionStatus.Closed, CloseReason.Manual, average), (a.Status, a.CloseReason, a.ExitPrice)); // closed at its own entry: no PnL invented

        var eth = (await LocalAsync(x, "ETHUSDT"))!;
        Assert.Equal((0.5m, x.Host.SpotVenue.LastPrice("ETHUSDT")), (eth.SignedQuantity, eth.AverageEntryPrice!.Value));
        var manual = Assert.Single(await x.Log!.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), CancellationToken.None));
        Assert.Equal((AttributionBook.ManualStrategy, "ETHUSDT", 0.5m), (manual.StrategyId, manual.Symbol, manual.OpenQuantity));

        var audits = await x.Log!.ReadAuditAsync(CancellationToken.None);
        Assert.Equal(["reconcile.missing_exchange", "reconcile.missing_local"], audits.Select(e => e.Kind));
        Assert.Contains("opened at the last price", audits[1].Reason, StringComparison.Ordinal);
        await AssertVerifiesAndSecondPassFindsNothingAsync(x);
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_correct_and_writes_nothing()
    {
        await using var x = await StartAsync();
        await SetBalanceAsync(x, "ETH", 0.5m);

        var report = await Reconciler(x).RunAsync(dryRun: true, CancellationToken.None);

        Assert.Null(report.Backfill);
        var result = Assert.Single(report.Found);
        Assert.Equal((ReconcileKind.MissingLocal, Correction.Proposed, 0.5m), (result.Finding.Kind, result.Correction, result.Finding.AfterQuantity));
        Assert.Empty(await x.Log!.ReadAuditAsync(CancellationToken.None));
        Assert.Null(await LocalAsync(x, "ETHUSDT"));
    }

    [Fact]
    public async Task The_service_reconciles_a_spot_account_once_triggered_then_again_after_the_interval_finding_nothing()
    {
        await using var x = await StartAsync();
        await SetBalanceAsync(x, "ETH", 0.5m);
        var reports = new List<ReconcileReport?>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new ReconcileService(Reconciler(x), Venue, SpotSyncFixture.Account, TimeSpan.FromMinutes(15), x.Clock)
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
