namespace Tally.Core.Tests;

/// <summary>Spot BTC/USDT: a fee paid in BTC comes out of the coins, so it changes the quantity, not the PnL.</summary>
public class SpotBaseFeeTests
{
    [Fact]
    public void Buy_with_a_base_fee_holds_the_quantity_less_the_fee()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC"));

        // holds 1 − 0.001 = 0.999 at 100; basis 0.999·100 = 99.9
        Assert.Equal(PositionAction.LongOpened, outcome.Action);
        Assert.Equal(0.999m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        var position = ledger.Find(Key(Instruments.BtcSpot))!;
        Assert.Equal(99.9m, position.CostBasis);
        Assert.Equal([new PositionEntry(100m, 0.999m, At(0), Side.Buy)], position.Entries);
    }

    [Fact]
    public void Base_fee_is_kept_as_a_fee_but_not_charged_to_pnl()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC"));

        var position = ledger.Find(Key(Instruments.BtcSpot))!;
        Assert.Equal(0.001m, position.Fees.AmountOf("BTC"));
        Assert.Equal(0m, position.SettlementFees);
        Assert.Equal(0m, position.NetPnl);
        Assert.Equal(0.001m, position.CurrentCycle()!.Fees.AmountOf("BTC"));
        Assert.Equal(0m, position.CurrentCycle()!.NetPnl);
    }

    [Fact]
    public void Sell_with_a_base_fee_grows_a_short()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Sell(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC"));

        // gives up 1 + 0.001 = 1.001
        Assert.Equal(PositionAction.ShortOpened, outcome.Action);
        Assert.Equal(-1.001m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        Assert.Equal(0m, ledger.Find(Key(Instruments.BtcSpot))!.SettlementFees);
    }

    [Fact]
    public void Sell_with_a_base_fee_reduces_a_long_by_the_quantity_plus_the_fee()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 2m, 100m)); // C = 200

        var outcome = ledger.Apply(Sell(Instruments.BtcSpot, 1m, 110m, fee: 0.001m, feeAsset: "BTC"));

        // 2 − 1.001 = 0.999 left at A = 100. The fee coins leave at the fill price like the sold ones:
        // 110·1.001 − 200·1.001/2 = 110.11 − 100.1 = 10.01
        Assert.Equal(PositionAction.LongReduced, outcome.Action);
        Assert.Equal(0.999m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        Assert.Equal(10.01m, outcome.RealizedPnl);
    }

    [Fact]
    public void Selling_what_is_held_after_a_base_fee_closes_the_long()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC")); // 0.999, C = 99.9

        var close = ledger.Apply(Sell(Instruments.BtcSpot, 0.999m, 110m, fee: 0.1099m, feeAsset: "USDT"));

        // realized 0.999·110 − 99.9 = 109.89 − 99.9 = 9.99; net 9.99 − 0.1099 (USDT only) = 9.8801
        Assert.Equal(PositionAction.LongClosed, close.Action);
        Assert.Equal(9.99m, close.RealizedPnl);
        var cycle = close.ClosedCycle!;
        Assert.Equal(0.001m, cycle.Fees.AmountOf("BTC"));
        Assert.Equal(0.1099m, cycle.Fees.AmountOf("USDT"));
        Assert.Equal(9.8801m, cycle.NetPnl);
        Assert.Equal(9.8801m, ledger.Find(Key(Instruments.BtcSpot))!.NetPnl);
    }

    [Fact]
    public void Flip_with_a_base_fee_closes_exactly_and_puts_the_whole_fee_on_the_new_short()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.BtcSpot, 3m, 110m, fee: 0.003m, feeAsset: "BTC"));

        // close 1 @ 110 (realized 10), then short 3 − 1 + 0.003 = 2.003 @ 110
        Assert.Equal(PositionAction.LongClosedAndShortOpened, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(-2.003m, outcome.SignedQuantityAfter);
        Assert.Equal(110m, outcome.AverageEntryPriceAfter);
        Assert.Equal(0m, outcome.ClosedCycle!.Fees.AmountOf("BTC"));
        Assert.Equal(10m, outcome.ClosedCycle.NetPnl);
        var position = ledger.Find(Key(Instruments.BtcSpot))!;
        Assert.Equal(0.003m, position.CurrentCycle()!.Fees.AmountOf("BTC"));
        Assert.Equal(0m, position.SettlementFees);
        Assert.Equal([new PositionEntry(110m, 2.003m, At(0), Side.Sell)], position.Entries);
    }

    [Fact]
    public void Flip_with_a_base_fee_closes_exactly_and_shrinks_the_new_long()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.BtcSpot, 1m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.BtcSpot, 3m, 90m, fee: 0.003m, feeAsset: "BTC"));

        // close 1 @ 90 (realized (100 − 90)·1 = 10), then long 3 − 1 − 0.003 = 1.997 @ 90
        Assert.Equal(PositionAction.ShortClosedAndLongOpened, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(1.997m, outcome.SignedQuantityAfter);
        Assert.Equal(90m, outcome.AverageEntryPriceAfter);
        Assert.Equal(0m, outcome.ClosedCycle!.Fees.AmountOf("BTC"));
        Assert.Equal(0.003m, ledger.Find(Key(Instruments.BtcSpot))!.CurrentCycle()!.Fees.AmountOf("BTC"));
    }

    [Fact]
    public void Quote_fee_on_spot_leaves_the_quantity_alone()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.1m, feeAsset: "USDT"));

        Assert.Equal(1m, outcome.SignedQuantityAfter);
        Assert.Equal(0.1m, ledger.Find(Key(Instruments.BtcSpot))!.SettlementFees);
    }

    [Fact]
    public void Perpetual_never_adjusts_quantity_for_a_base_asset_fee()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.001m, feeAsset: "ETH"));

        // linear ETHUSDT: ETH is a third asset for fees, kept apart, quantity untouched
        Assert.Equal(1m, outcome.SignedQuantityAfter);
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(0.001m, position.Fees.AmountOf("ETH"));
        Assert.Equal(0m, position.SettlementFees);
    }

    [Fact]
    public void Cash_flow_held_base_matches_the_quantity_after_base_fees()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC"));
        ledger.Apply(Buy(Instruments.BtcSpot, 0.5m, 120m, fee: 0.0005m, feeAsset: "BTC"));

        var position = ledger.Find(Key(Instruments.BtcSpot))!;

        // p1 = 1.5, p1_fee = 0.0015, held = 1.4985 = 0.999 + 0.4995
        Assert.Equal(1.5m, position.CashFlow.P1);
        Assert.Equal(0.0015m, position.CashFlow.P1Fee);
        Assert.Equal(1.4985m, position.CashFlow.HeldBase);
        Assert.Equal(position.SignedQuantity, position.CashFlow.HeldBase);
    }
}
