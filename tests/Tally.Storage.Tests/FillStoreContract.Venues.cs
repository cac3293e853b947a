using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

/// <summary>Instruments keyed by venue and symbol: spot BTCUSDT and the USD-M BTCUSDT perpetual in one store.</summary>
public abstract partial class FillStoreContract
{
    private static readonly Instrument BtcSpot = Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT");

    [Fact]
    public async Task Spot_and_perpetual_fills_of_one_symbol_keep_two_positions_of_their_own_kinds_across_a_restart()
    {
        var database = await CreateDatabaseAsync();
        await using (var before = await OpenLogAsync(database, track: false))
        {
            await before.DefineInstrumentsAsync([new InstrumentDefinition("binance-spot", BtcSpot)], Ct);
            await before.IngestAsync(
                Fills.Offer(
                    Fills.Buy("s1", 1m, 100m, 1, fee: 0.001m, feeAsset: "BTC") with { Venue = "binance-spot" },
                    Fills.Buy("f1", 1m, 100m, 2, fee: 0.001m, feeAsset: "BTC") with { Venue = "binance-futures" }),
                Ct);
        }

        var log = await OpenLogAsync(database);

        var positions = await log.PositionsAsync(at: null, Ct);
        Assert.Equal(
            [("binance-futures", InstrumentKind.Linear, 1m), ("binance-spot", InstrumentKind.Spot, 0.999m)],
            positions.Select(p => (p.Key.Venue, p.Instrument.Kind, p.SignedQuantity)));
        var stored = (await StoreOf(log).ReadInstrumentsAsync(Ct)).OrderBy(d => d.Venue, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new InstrumentDefinition("binance-futures", Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT")), new InstrumentDefinition("binance-spot", BtcSpot)],
            stored);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Defining_spot_for_another_venue_is_accepted_but_redefining_the_venue_that_has_the_fills_is_refused()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);   // binance: inferred linear

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => log.DefineInstrumentsAsync([new InstrumentDefinition(Fills.Venue, BtcSpot)], Ct));
        await log.DefineInstrumentsAsync([new InstrumentDefinition("binance-spot", BtcSpot)], Ct);

        Assert.Contains($"{Fills.Venue}/BTCUSDT", refused.Message, StringComparison.Ordinal);
        var snapshot = await log.SnapshotAsync(Ct);
        Assert.Equal(InstrumentKind.Linear, snapshot.Instruments.Resolve(Fills.Venue, "BTCUSDT").Kind);
        Assert.Equal(InstrumentKind.Spot, snapshot.Instruments.Resolve("binance-spot", "BTCUSDT").Kind);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Migration_4_keeps_each_stored_instrument_for_the_venues_that_traded_it_and_an_unused_one_for_every_venue()
    {
        var database = await CreateDatabaseAsync();
        var store = await OpenStoreAsync(database);
        var migrator = ((Tally.Storage.Sql.SqlFillStore)store).Migrator;
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        foreach (var (version, name, sql) in migrator.Migrations.Where(m => m.Version <= 3))
        {
            await database.ExecuteAsync(sql, Ct);
            await database.ExecuteAsync($"INSERT INTO schema_version (version, name, applied_ms) VALUES ({version}, '{name}', 0)", Ct);
        }

        // What a version-3 tally held: spot ETHBTC traded on binance-spot, and an inverse contract never traded.
        await database.ExecuteAsync("INSERT INTO instruments (symbol, kind, base_asset, quote_asset, multiplier) VALUES ('ETHBTC', 'spot', 'ETH', 'BTC', '1')", Ct);
        await database.ExecuteAsync("INSERT INTO instruments (symbol, kind, base_asset, quote_asset, multiplier) VALUES ('XYZUSD', 'inverse', 'XYZ', 'USD', '10')", Ct);
        await database.ExecuteAsync(
            "INSERT INTO trades (venue, account, symbol, trade_id, side, position_side, amount, price, cost, fee, fee_asset, ts_ms, p1_delta, p2_delta, processed, ingested_ms) " +
            $"VALUES ('binance-spot', 'main', 'ETHBTC', 'e1', 'BUY', 'BOTH', '2', '0.05', '0.1', '0.002', 'ETH', {Fills.At(1).ToUnixTimeMilliseconds()}, '2', '-0.1', 0, 1)",
            Ct);

        var log = await OpenLogAsync(database);

        Assert.Equal(
            [
                new InstrumentDefinition("binance-spot", Instrument.Create("ETHBTC", InstrumentKind.Spot, "ETH", "BTC")),
                new InstrumentDefinition(null, Instrument.Create("XYZUSD", InstrumentKind.Inverse, "XYZ", "USD", 10m)),
            ],
            await StoreOf(log).ReadInstrumentsAsync(Ct));
        var position = Assert.Single(await log.PositionsAsync(at: null, Ct));
        Assert.Equal((InstrumentKind.Spot, 1.998m), (position.Instrument.Kind, position.SignedQuantity));
        await AssertConsistentAsync(log);
    }
}
