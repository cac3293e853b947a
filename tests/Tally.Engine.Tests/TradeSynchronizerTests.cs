using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.PaperExchange;

namespace Tally.Engine.Tests;

public sealed class TradeSynchronizerTests
{
    [Fact]
    public async Task Backfill_stores_exactly_the_exchanges_user_trades_and_folds_to_its_one_way_positions()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(300, seed: 1, hedge: false);

        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(300, report.Stored);
        Assert.Equal(0, report.AlreadyPresent + report.Quarantined);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task Backfill_of_a_hedge_account_keeps_long_and_short_books_apart_and_matches_position_risk()
    {
        await using var x = await SyncFixture.StartAsync(o => o.PositionMode = PositionMode.Hedge);
        await x.PlaceRandomOrdersAsync(300, seed: 2, hedge: true);

        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(300, report.Stored);
        var fills = new List<Storage.StoredFill>();
        foreach (var symbol in SyncFixture.Symbols)
        {
            fills.AddRange(await x.LocalTradesAsync(symbol));
        }

        Assert.Contains(fills, f => f.Fill.PositionSide == PositionSide.Long);
        Assert.Contains(fills, f => f.Fill.PositionSide == PositionSide.Short);
        Assert.DoesNotContain(fills, f => f.Fill.PositionSide == PositionSide.Both);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task A_second_backfill_stores_nothing_and_asks_only_for_rows_after_the_checkpoint()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(120, seed: 3, hedge: false);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        var before = x.Handler.Count("userTrades");

        var again = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(0, again.Stored + again.AlreadyPresent + again.Quarantined);
        Assert.Equal(SyncFixture.Symbols.Count, x.Handler.Count("userTrades") - before); // one short page per symbol
        Assert.Equal(120L, await x.Log!.CountFillsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_later_backfill_picks_up_only_the_new_trades()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(50, seed: 4, hedge: false);
        await x.Synchronizer().BackfillAsync(CancellationToken.None);
        await x.PlaceRandomOrdersAsync(70, seed: 5, hedge: false);

        var later = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(70, later.Stored);
        Assert.Equal(0, later.AlreadyPresent);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task A_synchronizer_cancelled_midway_leaves_a_checkpoint_from_which_a_restarted_one_resumes_without_duplicates()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(300, seed: 6, hedge: false);
        using var cts = new CancellationTokenSource();
        x.Handler.CancelSource = cts;
        x.Handler.CancelAfter = 4;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => x.Synchronizer(pageLimit: 25).BackfillAsync(cts.Token));
        var storedBeforeRestart = await x.Log!.CountFillsAsync(CancellationToken.None);
        var checkpoints = await x.Log.ReadCheckpointsAsync(CancellationToken.None);
        Assert.InRange(storedBeforeRestart, 1, 299);
        Assert.NotEmpty(checkpoints);

        // A new process: the log reopened from the file, a new synchronizer.
        x.Handler.CancelAfter = null;
        await x.OpenLogAsync();
        var resumed = await x.Synchronizer(pageLimit: 25).BackfillAsync(CancellationToken.None);

        Assert.Equal(300 - storedBeforeRestart, resumed.Stored);
        Assert.Equal(0, resumed.AlreadyPresent + resumed.Quarantined);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task A_crash_inside_a_page_transaction_keeps_neither_its_fills_nor_its_checkpoint_and_the_restart_completes_the_log()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(200, seed: 13, hedge: false);
        var crashing = new CrashingStore(await Storage.FillStores.OpenAsync(x.DatabaseSpec, CancellationToken.None), crashAtCommit: 5);
        await using (var dying = await Storage.FillLog.OpenAsync(crashing, x.Clock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<IOException>(() => x.Synchronizer(pageLimit: 20, log: dying).BackfillAsync(CancellationToken.None));
        }

        await x.OpenLogAsync();
        var survived = await x.Log!.CountFillsAsync(CancellationToken.None);
        Assert.InRange(survived, 1, 199);
        foreach (var checkpoint in await x.Log.ReadCheckpointsAsync(CancellationToken.None))
        {
            // The checkpoint never runs ahead of the stored fills: its trade is in the log.
            Assert.Contains(await x.LocalTradesAsync(checkpoint.Symbol), f => f.Fill.TradeId == checkpoint.LastTradeId);
        }

        var resumed = await x.Synchronizer(pageLimit: 20).BackfillAsync(CancellationToken.None);

        Assert.Equal(200 - survived, resumed.Stored);
        Assert.Equal(0, resumed.AlreadyPresent + resumed.Quarantined);
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task Without_a_checkpoint_empty_seven_day_windows_are_walked_until_the_first_trade()
    {
        await using var x = await SyncFixture.StartAsync();
        x.Clock.Advance(TimeSpan.FromDays(20)); // three empty windows before the first trade
        await x.PlaceRandomOrdersAsync(40, seed: 7, hedge: false);

        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(40, report.Stored);
        Assert.All(report.Symbols, s => Assert.True(s.Pages >= 4, $"{s.Symbol}: {s.Pages} pages"));
        await x.AssertAgreesWithExchangeAsync();
    }

    [Fact]
    public async Task A_symbol_that_never_traded_gets_no_checkpoint_and_costs_only_empty_windows()
    {
        await using var x = await SyncFixture.StartAsync();
        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        Assert.Equal(0, report.Stored);
        Assert.All(report.Symbols, s => Assert.Null(s.LastTradeId));
        Assert.Empty(await x.Log!.ReadCheckpointsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_trade_that_conflicts_with_a_stored_fill_is_quarantined_and_counted_never_overwritten()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(20, seed: 12, hedge: false);
        var first = (await x.ExchangeTradesAsync("BTCUSDT"))[0].Value;
        var impostor = first.ToFill(TradeSyncOptions.DefaultVenue, SyncFixture.Account) with { Price = first.Price + 1m };
        await x.Log!.IngestAsync([new Storage.IncomingFill(impostor)], CancellationToken.None);

        var report = await x.Synchronizer().BackfillAsync(CancellationToken.None);

        var btc = report.Symbols.Single(s => s.Symbol == "BTCUSDT");
        Assert.Equal(1, btc.Quarantined);
        Assert.Equal(1, report.Quarantined);
        var stored = (await x.LocalTradesAsync("BTCUSDT")).Single(f => f.Fill.TradeId == impostor.TradeId);
        Assert.Equal(impostor.Price, stored.Fill.Price);
        var quarantined = Assert.Single(await x.Log.ReadQuarantineAsync(CancellationToken.None));
        Assert.Contains("price", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweeps_repeat_the_backfill_and_catch_trades_placed_between_them()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(30, seed: 8, hedge: false);
        using var cts = new CancellationTokenSource();
        var reports = new List<SyncReport>();
        var synchronizer = x.Synchronizer();

        var sweeping = synchronizer.SweepAsync(
            async (report, _) =>
            {
                reports.Add(report);
                if (reports.Count == 1)
                {
                    // Between two sweeps, something a stream might have lost.
                    await x.PlaceRandomOrdersAsync(10, seed: 9, hedge: false);
                }
                else
                {
                    await cts.CancelAsync();
                }
            },
            cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweeping);
        Assert.Equal([30, 10], reports.Select(r => r.Stored));
        await x.AssertAgreesWithExchangeAsync();
    }
}
