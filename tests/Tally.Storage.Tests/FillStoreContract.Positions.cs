using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    /// <summary>One-way and hedge keys on two venues: opens, increases, reduces, closes, a flip and a hedge over-reduce.</summary>
    private static IReadOnlyList<Fill> MixedHistory() =>
    [
        Fills.Buy("m1", 1m, 100m, 1, fee: 0.1m),
        Fills.Buy("m2", 0.5m, 110m, 2, fee: 0.05m, feeAsset: "BNB") with { FeeConversionPrice = 600m },
        Fills.Sell("m3", 2.5m, 120m, 3, fee: 0.3m),                                         // flip: close 1.5, open short 1
        Fills.Buy("m4", 1m, 90m, 4),                                                         // short closed
        Fills.Buy("m5", 2m, 3000m, 5, "ETHUSDT", PositionSide.Long, fee: 1.2m),
        Fills.Sell("m6", 1m, 3010m, 6, "ETHUSDT", PositionSide.Short, fee: 0.6m),
        Fills.Sell("m7", 0.5m, 3100m, 7, "ETHUSDT", PositionSide.Long),
        Fills.Buy("m8", 2m, 2900m, 8, "ETHUSDT", PositionSide.Short),                        // hedge over-reduce: anomaly, side closed
        Fills.Sell("m9", 3m, 20m, 9, "SOLUSDT") with { Venue = "bybit", Account = "sub1", Strategy = "mean-revert" },
        Fills.Buy("m10", 1m, 19m, 10, "SOLUSDT") with { Venue = "bybit", Account = "sub1" },
    ];

    [Fact]
    public async Task Positions_are_stored_with_every_batch_and_equal_the_live_ledger()
    {
        var (_, log) = await NewLogAsync();
        foreach (var batch in MixedHistory().Chunk(3))
        {
            await log.IngestAsync(Fills.Offer(batch), Ct);

            LedgerAssert.Same(LedgerAssert.States((await log.SnapshotAsync(Ct))), LedgerAssert.States(await StoreOf(log).ReadPositionsAsync(Ct)), "the stored positions");
        }

        LedgerAssert.Same(LedgerAssert.Fold(MixedHistory()), (await log.SnapshotAsync(Ct)), "the live ledger");
    }

    [Fact]
    public async Task The_worked_example_stores_its_closed_cycle_with_the_closing_batch()
    {
        var (_, log) = await NewLogAsync();
        var fills = Fills.WorkedExample();
        await log.IngestAsync(Fills.Offer(fills.Take(3)), Ct);
        Assert.Empty(await StoreOf(log).ReadCyclesAsync(Ct));

        await log.IngestAsync(Fills.Offer(fills.Skip(3)), Ct);

        var cycle = Assert.Single(await StoreOf(log).ReadCyclesAsync(Ct));
        Assert.Equal(new PositionKey(Fills.Venue, Fills.Account, "ETHUSDT", PositionSide.Both), cycle.Key);
        Assert.Equal(1, cycle.Number);
        Assert.Equal(PositionDirection.Long, cycle.Side);
        Assert.Equal(Fills.At(1), cycle.OpenedAt);
        Assert.Equal(Fills.At(4), cycle.ClosedAt);
        Assert.True(cycle.IsClosed);
        Assert.Equal(4550m / 1.5m, cycle.AverageEntryPrice);          // 3033.33…: (3000 + 1550) / 1.5
        Assert.Equal(4750m / 1.5m, cycle.AverageExitPrice);           // 3166.66…: (1600 + 3150) / 1.5
        Assert.Equal(1.5m, cycle.PeakQuantity);
        Assert.Equal(200m, cycle.RealizedPnl);                        // 83.33… + 116.66…
        Assert.Equal([new AssetAmount("USDT", 3.72m)], cycle.Fees);   // 1.2 + 0.62 + 0.64 + 1.26
        Assert.Equal(196.28m, cycle.NetPnl);
        Assert.Equal((4750m / 1.5m - 4550m / 1.5m) / (4550m / 1.5m), cycle.RealizedReturn);

        var position = Assert.Single(await StoreOf(log).ReadPositionsAsync(Ct));
        Assert.Equal(0m, position.State.SignedQuantity);
        Assert.Equal(200m, position.State.RealizedPnl);
        Assert.Equal(1, position.State.ClosedCycles);
    }

    [Fact]
    public async Task Stored_cycles_equal_the_cycles_a_fresh_fold_closes()
    {
        var (_, log) = await NewLogAsync();
        foreach (var batch in MixedHistory().Chunk(4))
        {
            await log.IngestAsync(Fills.Offer(batch), Ct);
        }

        var expected = new List<CycleSummary>();
        var reference = new Ledger();
        foreach (var fill in MixedHistory())
        {
            if (reference.Apply(fill).ClosedCycle is { } closed)
            {
                expected.Add(closed);
            }
        }

        var stored = await StoreOf(log).ReadCyclesAsync(Ct);
        Assert.Equal(Describe(expected), Describe(stored));

        static string[] Describe(IEnumerable<CycleSummary> cycles) =>
        [
            .. cycles
                .Select(c => $"{c.Key} #{c.Number} {c.Side} {c.OpenedAt:O}..{c.ClosedAt:O} entry={D(c.AverageEntryPrice)} exit={D(c.AverageExitPrice)} " +
                    $"peak={D(c.PeakQuantity)} pnl={D(c.RealizedPnl)} net={D(c.NetPnl)} return={D(c.RealizedReturn)} " +
                    $"fees={string.Join(",", c.Fees.Select(f => $"{D(f.Amount)} {f.Asset}"))}")
                .Order(StringComparer.Ordinal),
        ];

        // By value: SQLite keeps 100.00 as "100", PostgreSQL as 100.00; both are the same decimal.
        static string D(decimal? value) => value is { } v ? DecimalText.Format(v) : "-";
    }

    /// <summary>
    /// The columns beside state_json are for people and SQL views; they must say what the state says. After
    /// the worked example's first three fills (fees 1.2 + 0.62 + 0.64 = 2.46 USDT): long 1 at 3033.33…,
    /// realized 83.33…, p1 = 1.5 − 0.5 = 1, p2 = −3000 − 1550 + 1600 = −2950, break-even (2950 + 2.46) / 1.
    /// After the fourth: flat, no average or break-even, one cycle.
    /// </summary>
    [Fact]
    public async Task The_position_columns_agree_with_the_stored_state()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        const string Columns = "SELECT side, size, signed_size, avg_price, cost_basis, realized_pnl, settlement_fees, net_pnl, p1, p2, p1_fee, p2_fee, " +
            "break_even_price, is_open, cycles, entry_ms, last_update_ms FROM positions WHERE symbol = 'ETHUSDT'";
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample().Take(3)), Ct);

        var open = await database.RowAsync(Columns, Ct);

        Assert.Equal("LONG", open[0]);
        Assert.Equal(
            new decimal?[] { 1m, 1m, 3033.3333333333333333333333333m, 3033.3333333333333333333333333m, 83.333333333333333333m, 2.46m, 83.333333333333333333m - 2.46m, 1m, -2950m, 0m, 2.46m, 2952.46m },
            open[1..13].Select(Number));
        Assert.Equal(new long?[] { 1, 1, Fills.At(1).ToUnixTimeMilliseconds(), Fills.At(3).ToUnixTimeMilliseconds() }, open[13..].Select(Integer));

        await log.IngestAsync(Fills.Offer(Fills.WorkedExample().Skip(3)), Ct);
        var flat = await database.RowAsync(Columns, Ct);

        Assert.Equal("FLAT", flat[0]);
        Assert.Equal((0m, null, 200m, null), (Number(flat[1]), Number(flat[3]), Number(flat[5]), Number(flat[12])));
        Assert.Equal(new long?[] { 0, 1, null, Fills.At(4).ToUnixTimeMilliseconds() }, flat[13..].Select(Integer));

        // SQLite hands decimals back as TEXT and PostgreSQL as NUMERIC; compare values.
        static decimal? Number(object? value) => value is null ? null : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

        static long? Integer(object? value) => value is null ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_restarted_fill_log_holds_the_same_ledger()
    {
        var database = await CreateDatabaseAsync();
        Ledger live;
        await using (var before = await OpenLogAsync(database))
        {
            foreach (var batch in MixedHistory().Chunk(2))
            {
                await before.IngestAsync(Fills.Offer(batch), Ct);
            }

            live = (await before.SnapshotAsync(Ct));
        }

        var restarted = await OpenLogAsync(database);

        LedgerAssert.Same(live, (await restarted.SnapshotAsync(Ct)), "the restarted ledger");
        await AssertConsistentAsync(restarted);
    }

    /// <summary>Stores written before the compact state form hold each state as a JSON object with property names; they still load.</summary>
    [Fact]
    public async Task A_position_state_saved_in_the_earlier_object_form_is_restored_on_open()
    {
        var database = await CreateDatabaseAsync();
        var history = MixedHistory();
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(history.Take(5)), Ct);
            foreach (var (key, state) in await StoreOf(before).ReadPositionsAsync(Ct))
            {
                var changed = await database.ExecuteAsync(
                    "UPDATE positions SET state_json = @json WHERE venue = @venue AND account = @account AND symbol = @symbol AND position_side = @side",
                    [("@json", StateJsonTests.ObjectForm(state)), ("@venue", key.Venue), ("@account", key.Account), ("@symbol", key.Symbol), ("@side", key.PositionSide.ToWireName())],
                    Ct);
                Assert.Equal(1, changed);
            }
        }

        var restarted = await OpenLogAsync(database);
        await restarted.IngestAsync(Fills.Offer(history.Skip(5)), Ct);

        LedgerAssert.Same(LedgerAssert.Fold(history), (await restarted.SnapshotAsync(Ct)), "the restarted ledger");
        await AssertConsistentAsync(restarted);
    }

    [Fact]
    public async Task A_restarted_fill_log_continues_folding_where_the_last_one_stopped()
    {
        var database = await CreateDatabaseAsync();
        var history = MixedHistory();
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(history.Take(5)), Ct);
        }

        var restarted = await OpenLogAsync(database);
        await restarted.IngestAsync(Fills.Offer(history.Skip(5)), Ct);

        LedgerAssert.Same(LedgerAssert.Fold(history), (await restarted.SnapshotAsync(Ct)), "the restarted ledger");
        Assert.Equal(history.Count, await StoreOf(restarted).CountFillsAsync(Ct));
        await AssertConsistentAsync(restarted);
    }

    [Fact]
    public async Task Fills_stored_but_not_folded_are_folded_when_the_log_opens()
    {
        var database = await CreateDatabaseAsync();
        var history = MixedHistory();
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(history), Ct);
        }

        // As if a writer had appended the fills and died before folding them.
        await database.ExecuteAsync("UPDATE trades SET processed = 0, action = NULL, realized_pnl = NULL", Ct);
        await database.ExecuteAsync("DELETE FROM positions", Ct);
        await database.ExecuteAsync("DELETE FROM cycles", Ct);

        var log = await OpenLogAsync(database);

        LedgerAssert.Same(LedgerAssert.Fold(history), (await log.SnapshotAsync(Ct)), "the ledger folded on open");
        var stored = await ReadFillsAsync(StoreOf(log));
        Assert.All(stored, f => Assert.True(f.Processed && f.Action is not null && f.RealizedPnl is not null, $"fill {f.Fill.TradeId} was not marked processed"));
        Assert.Equal("long_closed_and_short_opened", stored.Single(f => f.Fill.TradeId == "m3").Action!.Value.ToWireName());
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Verify_finds_everything_equal_after_many_batches()
    {
        var (_, log) = await NewLogAsync();
        var history = MixedHistory();
        for (var round = 0; round < 5; round++)
        {
            foreach (var batch in history.Chunk(3))
            {
                await log.IngestAsync(Fills.Offer(batch.Select(f => f with { TradeId = $"{f.TradeId}-r{round}", Timestamp = f.Timestamp!.Value.AddHours(round) })), Ct);
            }
        }

        var report = await log.VerifyAsync(Ct);

        Assert.True(report.Equal, string.Join("\n", report.Differences));
        Assert.Equal(5 * history.Count, report.FillsReplayed);
        Assert.Equal(4, report.PositionsCompared);
    }

    [Fact]
    public async Task Verify_reports_a_stored_position_whose_state_was_tampered_with()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample()), Ct);
        var (key, state) = Assert.Single(await StoreOf(log).ReadPositionsAsync(Ct));

        var changed = await database.ExecuteAsync(
            "UPDATE positions SET state_json = @json WHERE symbol = @symbol",
            [("@json", StateJson.Write(state with { RealizedPnl = state.RealizedPnl + 1m })), ("@symbol", key.Symbol)],
            Ct);
        Assert.Equal(1, changed);

        var report = await log.VerifyAsync(Ct);

        Assert.False(report.Equal);
        var difference = Assert.Single(report.Differences);
        Assert.Contains(key.ToString(), difference, StringComparison.Ordinal);
        Assert.Contains("stored position", difference, StringComparison.Ordinal);
        Assert.Contains("realized_pnl 201 vs 200", difference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reports_a_closed_cycle_missing_from_the_store()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample()), Ct);

        await database.ExecuteAsync("DELETE FROM cycles", Ct);
        var report = await log.VerifyAsync(Ct);

        Assert.Contains("stored cycles 0 vs replay 1", Assert.Single(report.Differences), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fill_times_are_kept_to_the_millisecond_alike_in_the_live_ledger_and_the_store()
    {
        var (_, log) = await NewLogAsync();
        var precise = Fills.At(1).AddTicks(1234567); // 123.4567 ms past the minute

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1) with { Timestamp = precise }), Ct);

        var kept = Fills.At(1).AddMilliseconds(123);
        Assert.Equal(kept, Assert.Single(await ReadFillsAsync(StoreOf(log))).Fill.Timestamp);
        Assert.Equal(kept, (await log.SnapshotAsync(Ct)).Positions.Single().LastUpdate);
        await AssertConsistentAsync(log);
    }
}
