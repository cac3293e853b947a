using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    private static readonly PositionKey Btc = new(Fills.Venue, Fills.Account, "BTCUSDT", PositionSide.Both);

    /// <summary>
    /// Buy 1 @ 100 (t1, minute 1), buy 1 @ 110 (t2, minute 2), sell 1 @ 120 (t3, minute 3). In venue order the
    /// average entry is (100 + 110) / 2 = 105 when t3 sells, which realizes (120 − 105) · 1 = 15 and leaves
    /// long 1 @ 105, no cycle closed.
    /// </summary>
    private static readonly Fill[] LateFillExample =
    [
        Fills.Buy("t1", 1m, 100m, 1, fee: 0.1m),
        Fills.Buy("t2", 1m, 110m, 2, fee: 0.11m),
        Fills.Sell("t3", 1m, 120m, 3, fee: 0.12m),
    ];

    [Fact]
    public async Task A_fill_arriving_after_a_later_one_is_folded_where_the_venue_put_it()
    {
        var (_, log) = await NewLogAsync();
        var (t1, t2, t3) = (LateFillExample[0], LateFillExample[1], LateFillExample[2]);
        await log.IngestAsync(Fills.Offer(t1), Ct);
        await log.IngestAsync(Fills.Offer(t3), Ct);

        // In arrival order so far: t3 closed the long at 120 (realized 20) and one cycle is stored.
        Assert.Equal(20m, (await log.SnapshotAsync(Ct)).Find(Btc)!.RealizedPnl);
        Assert.Single(await StoreOf(log).ReadCyclesAsync(Ct));

        var report = await log.IngestAsync(Fills.Offer(t2), Ct);

        Assert.Equal([IngestStatus.Stored], report.Statuses);
        var position = (await log.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal(1m, position.SignedQuantity);
        Assert.Equal(105m, position.AverageEntryPrice);
        Assert.Equal(15m, position.RealizedPnl);
        Assert.Equal(0.33m, position.SettlementFees);
        Assert.Equal(0, position.ClosedCycles);
        Assert.Empty(await StoreOf(log).ReadCyclesAsync(Ct));

        // Each fill's stored action and realized PnL are those of the venue-order fold.
        var stored = (await ReadFillsAsync(StoreOf(log))).ToDictionary(f => f.Fill.TradeId);
        Assert.Equal((PositionAction.LongOpened, 0m), (stored["t1"].Action, stored["t1"].RealizedPnl));
        Assert.Equal((PositionAction.LongIncreased, 0m), (stored["t2"].Action, stored["t2"].RealizedPnl));
        Assert.Equal((PositionAction.LongReduced, 15m), (stored["t3"].Action, stored["t3"].RealizedPnl));

        await AssertConsistentAsync(log);
        LedgerAssert.Same(LedgerAssert.Fold(LateFillExample), (await log.SnapshotAsync(Ct)), "the live ledger");
    }

    [Fact]
    public async Task A_late_fill_survives_a_restart_and_the_restarted_log_keeps_folding_in_venue_order()
    {
        var database = await CreateDatabaseAsync();
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(LateFillExample[0], LateFillExample[2]), Ct);
        }

        var restarted = await OpenLogAsync(database);
        await restarted.IngestAsync(Fills.Offer(LateFillExample[1]), Ct);
        await restarted.IngestAsync(Fills.Offer(Fills.Sell("t4", 1m, 130m, 4)), Ct);

        // t4 closes the remaining 1 @ 105 at 130: realized 25 more, 40 in all; one cycle of 2 bought and 2 sold.
        var position = (await restarted.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal(0m, position.SignedQuantity);
        Assert.Equal(40m, position.RealizedPnl);
        var cycle = Assert.Single(await StoreOf(restarted).ReadCyclesAsync(Ct));
        Assert.Equal(105m, cycle.AverageEntryPrice);
        Assert.Equal(125m, cycle.AverageExitPrice);
        Assert.Equal(40m, cycle.RealizedPnl);
        await AssertConsistentAsync(restarted);
        var again = await OpenLogAsync(database);
        LedgerAssert.Same((await restarted.SnapshotAsync(Ct)), (await again.SnapshotAsync(Ct)), "the ledger after a second restart");
    }

    [Fact]
    public async Task A_batch_out_of_order_is_folded_in_venue_order()
    {
        var (_, log) = await NewLogAsync();

        await log.IngestAsync(Fills.Offer(LateFillExample[2], LateFillExample[0], LateFillExample[1]), Ct);

        Assert.Equal(105m, (await log.SnapshotAsync(Ct)).Find(Btc)!.AverageEntryPrice);
        Assert.Equal(15m, (await log.SnapshotAsync(Ct)).Find(Btc)!.RealizedPnl);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Fills_of_one_millisecond_fold_by_numeric_trade_id()
    {
        var (_, log) = await NewLogAsync();
        var at = Fills.At(1);
        var ten = Fills.Buy("10", 1m, 100m, 1) with { Timestamp = at };
        var nine = Fills.Sell("9", 2m, 110m, 1) with { Timestamp = at };
        await log.IngestAsync(Fills.Offer(ten), Ct);

        // "9" < "10" as numbers (ordinally "10" would come first): the sell opens a short 2 @ 110 and the buy
        // reduces it by 1, realizing (110 − 100) · 1 = 10. No cycle closes.
        await log.IngestAsync(Fills.Offer(nine), Ct);

        var stored = (await ReadFillsAsync(StoreOf(log))).ToDictionary(f => f.Fill.TradeId);
        Assert.Equal(PositionAction.ShortOpened, stored["9"].Action);
        Assert.Equal(PositionAction.ShortReduced, stored["10"].Action);
        Assert.Equal(10m, stored["10"].RealizedPnl);
        Assert.Equal(-1m, (await log.SnapshotAsync(Ct)).Find(Btc)!.SignedQuantity);
        Assert.Equal(110m, (await log.SnapshotAsync(Ct)).Find(Btc)!.AverageEntryPrice);
        Assert.Empty(await StoreOf(log).ReadCyclesAsync(Ct));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_key_that_gets_a_fill_without_a_time_folds_in_log_order()
    {
        var (_, log) = await NewLogAsync();
        var timeless = Fills.Buy("t5", 1m, 90m, 0) with { Timestamp = null };
        await log.IngestAsync(Fills.Offer(LateFillExample[0], LateFillExample[2]), Ct);
        await log.IngestAsync(Fills.Offer(LateFillExample[1]), Ct);
        Assert.Equal(105m, (await log.SnapshotAsync(Ct)).Find(Btc)!.AverageEntryPrice);

        await log.IngestAsync(Fills.Offer(timeless), Ct);

        // Log order t1, t3, t2, t5: t3 closes at 120 (realized 20), then long 1 @ 110 plus 1 @ 90 → 2 @ 100.
        var position = (await log.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal(2m, position.SignedQuantity);
        Assert.Equal(100m, position.AverageEntryPrice);
        Assert.Equal(20m, position.RealizedPnl);
        Assert.Single(await StoreOf(log).ReadCyclesAsync(Ct));
        LedgerAssert.Same(LedgerAssert.Fold([LateFillExample[0], LateFillExample[2], LateFillExample[1], timeless]), (await log.SnapshotAsync(Ct)), "the live ledger");
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Positions_at_a_time_fold_in_venue_order()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(LateFillExample[0], LateFillExample[2]), Ct);
        await log.IngestAsync(Fills.Offer(LateFillExample[1]), Ct);

        var atTwo = Assert.Single(await log.PositionsAsync(Fills.At(2).AddSeconds(30), Ct));
        var atThree = Assert.Single(await log.PositionsAsync(Fills.At(3), Ct));

        Assert.Equal((2m, 105m, 0m), (atTwo.SignedQuantity, atTwo.AverageEntryPrice!.Value, atTwo.RealizedPnl));
        Assert.Equal((1m, 105m, 15m), (atThree.SignedQuantity, atThree.AverageEntryPrice!.Value, atThree.RealizedPnl));
    }

    [Fact]
    public async Task A_late_fill_on_one_key_leaves_the_other_keys_of_the_batch_on_the_fast_path()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(LateFillExample[0], LateFillExample[2], Fills.Buy("e1", 1m, 3000m, 1, "ETHUSDT")), Ct);

        await log.IngestAsync(Fills.Offer(Fills.Buy("e2", 1m, 3100m, 5, "ETHUSDT"), LateFillExample[1], Fills.Sell("e3", 2m, 3200m, 6, "ETHUSDT")), Ct);

        Assert.Equal(15m, (await log.SnapshotAsync(Ct)).Find(Btc)!.RealizedPnl);
        var eth = (await log.SnapshotAsync(Ct)).Find(Btc with { Symbol = "ETHUSDT" })!;
        Assert.Equal(300m, eth.RealizedPnl);                                  // (3200 − 3050) · 2
        var cycle = Assert.Single(await StoreOf(log).ReadCyclesAsync(Ct));
        Assert.Equal("ETHUSDT", cycle.Key.Symbol);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_version_1_database_folded_in_arrival_order_is_folded_again_in_venue_order_when_opened()
    {
        var database = await CreateDatabaseAsync();
        var store = await OpenStoreAsync(database);
        var migrator = ((Tally.Storage.Sql.SqlFillStore)store).Migrator;
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        await database.ExecuteAsync(migrator.Migrations[0].Sql, Ct);
        await database.ExecuteAsync("INSERT INTO schema_version (version, name, applied_ms) VALUES (1, '0001_initial', 0)", Ct);

        // What a version-1 tally wrote for t1, t3, then t2 late: t3 closed the long and realized 20.
        foreach (var (id, side, price, minute, seq, action, realized) in new[]
        {
            ("t1", "BUY", "100", 1, 1, "long_opened", "0"),
            ("t3", "SELL", "120", 3, 2, "long_closed", "20"),
            ("t2", "BUY", "110", 2, 3, "long_opened", "0"),
        })
        {
            await database.ExecuteAsync(
                $"INSERT INTO trades (venue, account, symbol, trade_id, side, position_side, amount, price, cost, fee, ts_ms, p1_delta, p2_delta, action, realized_pnl, processed, ingested_ms) " +
                $"VALUES ('binance', 'main', 'BTCUSDT', '{id}', '{side}', 'BOTH', '1', '{price}', '{price}', '0', {Fills.At(minute).ToUnixTimeMilliseconds()}, '{(side == "BUY" ? "1" : "-1")}', '{(side == "BUY" ? "-" : "")}{price}', '{action}', '{realized}', 1, {seq})",
                Ct);
        }

        var log = await OpenLogAsync(database);

        var position = (await log.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal((1m, 105m, 15m), (position.SignedQuantity, position.AverageEntryPrice!.Value, position.RealizedPnl));
        var t3 = (await ReadFillsAsync(StoreOf(log))).Single(f => f.Fill.TradeId == "t3");
        Assert.Equal((PositionAction.LongReduced, 15m), (t3.Action, t3.RealizedPnl));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Verify_names_a_fill_whose_stored_realized_pnl_differs_from_the_replay()
    {
        var (database, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(LateFillExample), Ct);

        await database.ExecuteAsync("UPDATE trades SET realized_pnl = '20' WHERE trade_id = 't3'", Ct);

        var report = await log.VerifyAsync(Ct);
        Assert.False(report.Equal);
        Assert.Contains(report.Differences, d => d.Contains("#t3: stored long_reduced realized 20 vs replay long_reduced realized 15", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_names_a_stored_cycle_that_differs_from_the_replay()
    {
        var (database, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample("BTCUSDT")), Ct);

        await database.ExecuteAsync("UPDATE cycles SET peak_qty = '2'", Ct);

        var report = await log.VerifyAsync(Ct);
        Assert.Equal([$"{Btc}: stored cycle 1 differs from replay"], report.Differences);
    }
}
