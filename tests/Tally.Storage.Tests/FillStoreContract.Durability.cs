using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    [Fact]
    public async Task A_fill_the_ledger_cannot_take_is_rejected_with_its_field_and_value_and_the_rest_of_the_batch_is_stored()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);
        var checkpoint = new SyncCheckpoint(Fills.Venue, Fills.Account, "BTCUSDT", "t3", Fills.At(3), Now);

        // XYZ resolves to no quote suffix; t4 sells nothing.
        var report = await log.IngestAsync(
            Fills.Offer(Fills.Buy("t2", 2m, 101m, 2), Fills.Sell("t3", 1m, 3000m, 3, "ETHUSDT"), Fills.Buy("x1", 1m, 5m, 4, "XYZ"), Fills.Sell("t4", 0m, 110m, 5)),
            [checkpoint],
            Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.Stored, IngestStatus.Rejected, IngestStatus.Rejected], report.Statuses);
        Assert.Equal(
            [new IngestRejection(2, new FillRejection("symbol", "XYZ", FillRules.UnknownSymbol)), new IngestRejection(3, new FillRejection("qty", "0", "is not positive"))],
            report.Rejected);
        Assert.Equal(["t1", "t2", "t3"], (await ReadFillsAsync(StoreOf(log))).Select(f => f.Fill.TradeId));
        Assert.Equal([checkpoint], await log.ReadCheckpointsAsync(Ct));
        Assert.DoesNotContain((await log.InstrumentsAsync(Ct)).Registered, i => i.Symbol == "XYZ");
        Assert.Empty(await log.ReadQuarantineAsync(Ct));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Checkpoints_saved_with_a_batch_are_readable_and_a_later_one_replaces_them()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        var first = new SyncCheckpoint(Fills.Venue, Fills.Account, "BTCUSDT", "t1", Fills.At(1), Now);
        var other = new SyncCheckpoint("bybit", "sub1", "SOLUSDT", "9001", null, Now);

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), [first, other], Ct);

        Assert.Equal([first, other], await StoreOf(log).ReadCheckpointsAsync(Ct));

        Time.Advance(TimeSpan.FromMinutes(1));
        var later = first with { LastTradeId = "t2", LastTradeTime = Fills.At(2), UpdatedAt = Time.GetUtcNow() };
        await log.IngestAsync(Fills.Offer(Fills.Buy("t2", 1m, 100m, 2)), [later], Ct);
        await log.IngestAsync([], [later with { Symbol = "ETHUSDT" }], Ct);

        var restarted = await OpenStoreAsync(database);
        Assert.Equal([later, later with { Symbol = "ETHUSDT" }, other], await restarted.ReadCheckpointsAsync(Ct));
    }

    [Fact]
    public async Task Decimals_round_trip_exactly()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        var fine = Fills.Buy("d1", 12345678901234.123456789m, 0.1000000000000000000000000001m, 1, fee: 0.000000000000000000000000001m) with
        {
            FeeConversionPrice = 1234567890.0987654321m,
        };
        var tiny = Fills.Sell("d2", 0.000000000000000000000000001m, 79228162514264.337593543950335m, 2);

        await log.IngestAsync(Fills.Offer(fine, tiny), Ct);

        var stored = await ReadFillsAsync(StoreOf(log));
        Assert.Equal(fine, stored[0].Fill);
        Assert.Equal(tiny, stored[1].Fill);
        Assert.Equal(DecimalText.Format(fine.Price), DecimalText.Format(stored[0].Fill.Price));
        Assert.Equal(DecimalText.Format(fine.Quantity), DecimalText.Format(stored[0].Fill.Quantity));
        Assert.Equal(-fine.Quantity * fine.Price, stored[0].P2Delta);
        Assert.Equal(LedgerAssert.States((await log.SnapshotAsync(Ct))).Values.Single().RealizedPnl, stored[1].RealizedPnl);

        await log.DisposeAsync();

        var restarted = await OpenLogAsync(database);
        LedgerAssert.Same(LedgerAssert.Fold([fine, tiny]), (await restarted.SnapshotAsync(Ct)), "the restarted ledger");
        await AssertConsistentAsync(restarted);
    }

    [Fact]
    public async Task Defined_instruments_are_stored_used_for_folding_and_survive_a_restart()
    {
        var database = await CreateDatabaseAsync();
        var inverse = Instrument.Create("BTCUSD_PERP", InstrumentKind.Inverse, "BTC", "USD", 100m);
        var spot = Instrument.Create("ETHBTC_SPOT", InstrumentKind.Spot, "ETH", "BTC", 0.001m);
        var history = new[]
        {
            Fills.Buy("i1", 10m, 50000m, 1, "BTCUSD_PERP", fee: 0.00001m),
            Fills.Sell("i2", 10m, 55000m, 2, "BTCUSD_PERP"),               // long 10 contracts: (1/50000 − 1/55000)·10·100 BTC
            Fills.Buy("i3", 3m, 0.05m, 3, "ETHBTC_SPOT", fee: 0.001m, feeAsset: "ETH"),
            Fills.Buy("i4", 1m, 100m, 4, "BTCUSDT"),                        // inferred: linear BTC/USDT
        };
        await using (var before = await OpenLogAsync(database))
        {
            await before.DefineInstrumentsAsync([inverse, spot], Ct);
            await before.IngestAsync(Fills.Offer(history), Ct);
        }

        var log = await OpenLogAsync(database);

        var instruments = (await StoreOf(log).ReadInstrumentsAsync(Ct)).Select(d => d.Instrument).OrderBy(i => i.Symbol, StringComparer.Ordinal).ToList();
        Assert.Equal(["BTCUSDT", "BTCUSD_PERP", "ETHBTC_SPOT"], instruments.Select(i => i.Symbol));
        Assert.Equal(Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT"), instruments[0]);
        Assert.Equal(inverse, instruments[1]);
        Assert.Equal(spot, instruments[2]);

        var catalog = new InstrumentCatalog();
        catalog.Add(inverse);
        catalog.Add(spot);
        LedgerAssert.Same(LedgerAssert.Fold(history, catalog), (await log.SnapshotAsync(Ct)), "the restarted ledger");
        var perp = (await log.SnapshotAsync(Ct)).Positions.Single(p => p.Key.Symbol == "BTCUSD_PERP");
        Assert.Equal(0.02m - 0.018181818181818182m, perp.RealizedPnl);   // entry value 10·100/50000 − exit value 10·100/55000 (kept to 18 places), in BTC
        Assert.Equal(2.999m, (await log.SnapshotAsync(Ct)).Positions.Single(p => p.Key.Symbol == "ETHBTC_SPOT").SignedQuantity);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Redefining_an_instrument_that_has_fills_is_refused_and_changes_nothing()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => log.DefineInstrumentsAsync([Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT")], Ct));

        Assert.Contains("BTCUSDT", refused.Message, StringComparison.Ordinal);
        Assert.Equal(InstrumentKind.Linear, Assert.Single(await StoreOf(log).ReadInstrumentsAsync(Ct)).Instrument.Kind);
        await log.DefineInstrumentsAsync([Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT")], Ct);
    }

    /// <summary>
    /// The port promises a session's writes are invisible until commit; readers (an API answering
    /// `positions` while sync ingests) must keep working beside an open write transaction.
    /// </summary>
    [Fact]
    public async Task Reads_beside_an_open_write_session_see_only_committed_fills()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync(Ct);
        var fill = Fills.Buy("t1", 1m, 100m, 1);
        var row = new NewFillRow(fill, Raw: null, PositionAction.LongOpened, 0m, 1m, -100m, Now);

        await using (var session = await store.BeginAsync(Ct))
        {
            await session.InsertFillsAsync([row], Ct);

            Assert.Equal(0, await store.CountFillsAsync(Ct));
            Assert.Empty(await ReadFillsAsync(store));

            await session.CommitAsync(Ct);
        }

        Assert.Equal(1, await store.CountFillsAsync(Ct));
    }

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_no_trace()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync(Ct);

        await using (var session = await store.BeginAsync(Ct))
        {
            await session.InsertFillsAsync([new NewFillRow(Fills.Buy("t1", 1m, 100m, 1), null, PositionAction.LongOpened, 0m, 1m, -100m, Now)], Ct);
            await session.SaveCheckpointsAsync([new SyncCheckpoint(Fills.Venue, Fills.Account, "BTCUSDT", "t1", null, Now)], Ct);
            await session.AuditAsync(new AuditEntry(0, Now, "test", "BTCUSDT", null, null, "rolled back"), Ct);
        }

        Assert.Equal(0, await store.CountFillsAsync(Ct));
        Assert.Empty(await store.ReadCheckpointsAsync(Ct));
        Assert.Empty(await store.ReadAuditAsync(Ct));
    }
}
