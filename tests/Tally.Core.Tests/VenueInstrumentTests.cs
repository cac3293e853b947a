namespace Tally.Core.Tests;

/// <summary>One symbol, two venues: the fill's venue picks the instrument (spot BTCUSDT beside the USD-M perpetual).</summary>
public class VenueInstrumentTests
{
    [Fact]
    public void Spot_and_perpetual_fills_of_one_symbol_fold_into_two_positions_of_their_own_kinds()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add("binance-spot", Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT"));
        var ledger = new Ledger(catalog);

        ledger.Apply(Buy("BTCUSDT", 1m, 100m, fee: 0.001m, feeAsset: "BTC") with { Venue = "binance-spot" });
        ledger.Apply(Buy("BTCUSDT", 1m, 100m, fee: 0.001m, feeAsset: "BTC") with { Venue = "binance-futures" });

        var spot = ledger.Find(new PositionKey("binance-spot", Fill.DefaultAccount, "BTCUSDT", PositionSide.Both))!;
        var perpetual = ledger.Find(new PositionKey("binance-futures", Fill.DefaultAccount, "BTCUSDT", PositionSide.Both))!;
        Assert.Equal(InstrumentKind.Spot, spot.Instrument.Kind);
        Assert.Equal(0.999m, spot.SignedQuantity);          // a spot fee in BTC comes out of the coins
        Assert.Equal(InstrumentKind.Linear, perpetual.Instrument.Kind);
        Assert.Equal(1m, perpetual.SignedQuantity);         // the inferred linear contract keeps its quantity
    }

    [Fact]
    public void A_check_uses_the_fills_venue()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add("binance-spot", Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT"));
        var ledger = new Ledger(catalog);
        var fill = Buy("BTCUSDT", 1m, 100m, fee: 1m, feeAsset: "BTC");

        Assert.NotNull(ledger.Check(fill with { Venue = "binance-spot" }));   // a spot base fee as large as the quantity
        Assert.Null(ledger.Check(fill with { Venue = "binance-futures" }));
    }
}
