namespace Tally.Core.Tests;

/// <summary>Fees paid in an asset that is neither base nor quote, e.g. BNB on Binance.</summary>
public class ThirdAssetFeeTests
{
    [Fact]
    public void Third_asset_fee_is_kept_in_its_own_asset()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.01m, feeAsset: "BNB"));

        ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.1m, feeAsset: "USDT"));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal([new AssetAmount("BNB", 0.01m), new AssetAmount("USDT", 0.1m)], position.Fees);
    }

    [Fact]
    public void Third_asset_fee_without_a_conversion_price_stays_out_of_net_pnl()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.01m, feeAsset: "BNB"));

        var close = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.011m, feeAsset: "BNB"));

        // realized 10; no USDT fee and no BNB price → net 10
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(0m, position.SettlementFees);
        Assert.Equal(10m, position.NetPnl);
        Assert.Equal(0.021m, position.Fees.AmountOf("BNB"));
        Assert.Equal(10m, close.ClosedCycle!.NetPnl);
        Assert.Equal(0.021m, close.ClosedCycle.Fees.AmountOf("BNB"));
    }

    [Fact]
    public void Third_asset_fee_with_a_conversion_price_enters_net_pnl()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.01m, feeAsset: "BNB", feeConversionPrice: 600m));

        var close = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.01m, feeAsset: "BNB", feeConversionPrice: 650m));

        // 0.01·600 + 0.01·650 = 6 + 6.5 = 12.5 USDT; net 10 − 12.5 = −2.5. Fees stay as charged, in BNB.
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(12.5m, position.SettlementFees);
        Assert.Equal(-2.5m, position.NetPnl);
        Assert.Equal(0.02m, position.Fees.AmountOf("BNB"));
        Assert.Equal(0m, position.Fees.AmountOf("USDT"));
        Assert.Equal(-2.5m, close.ClosedCycle!.NetPnl);
    }

    [Fact]
    public void Only_fills_with_a_known_price_convert()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.01m, feeAsset: "BNB", feeConversionPrice: 600m));

        ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.01m, feeAsset: "BNB"));

        // 6 converted; the second 0.01 BNB has no price → net 10 − 6 = 4
        Assert.Equal(4m, ledger.Find(Key(Instruments.EthPerp))!.NetPnl);
    }

    [Fact]
    public void Converted_third_asset_fee_counts_in_the_quote_fee_column_of_the_cash_flow()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.0002m, feeAsset: "BNB", feeConversionPrice: 500m));

        // 0.0002·500 = 0.1 USDT → break-even −(−100 − 0.1)/1 = 100.1, as with a 0.1 USDT fee
        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(0.1m, cashFlow.P2Fee);
        Assert.Equal(100.1m, cashFlow.BreakEvenPrice);
    }

    [Fact]
    public void Conversion_price_is_ignored_for_a_fee_already_in_the_settlement_asset()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m, feeAsset: "USDT", feeConversionPrice: 7m));

        Assert.Equal(0.1m, ledger.Find(Key(Instruments.EthPerp))!.SettlementFees);
    }

    [Fact]
    public void Third_asset_fee_on_an_inverse_contract_converts_into_base()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m, fee: 0.01m, feeAsset: "BNB", feeConversionPrice: 0.01m));

        // 0.01 BNB · 0.01 BTC/BNB = 0.0001 BTC
        var position = ledger.Find(Key(Instruments.BtcInverse))!;
        Assert.Equal(0.0001m, position.SettlementFees);
        Assert.Equal(-0.0001m, position.NetPnl);
        Assert.Equal(0.0001m, position.CashFlow.P1Fee);
    }
}
