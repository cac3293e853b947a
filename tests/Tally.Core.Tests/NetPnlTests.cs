namespace Tally.Core.Tests;

public class NetPnlTests
{
    [Fact]
    public void Opening_fee_counts_against_net_pnl_at_once()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(0m, position.RealizedPnl);
        Assert.Equal(-0.1m, position.NetPnl);
        Assert.Equal(-0.1m, position.CurrentCycle()!.NetPnl);
    }

    [Fact]
    public void Realized_pnl_is_before_fees_and_net_pnl_after()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m));

        var close = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.11m));

        // realized 10; net 10 − 0.1 − 0.11 = 9.79
        Assert.Equal(10m, close.RealizedPnl);
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(10m, position.RealizedPnl);
        Assert.Equal(0.21m, position.SettlementFees);
        Assert.Equal(9.79m, position.NetPnl);
        Assert.Equal(10m, close.ClosedCycle!.RealizedPnl);
        Assert.Equal(9.79m, close.ClosedCycle.NetPnl);
    }

    [Fact]
    public void Net_pnl_of_a_key_adds_up_its_cycles()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m));
        var first = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 0.1m)).ClosedCycle!;   // 10 − 0.2 = 9.8
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 120m, fee: 0.2m));
        var second = ledger.Apply(Buy(Instruments.EthPerp, 2m, 125m, fee: 0.2m)).ClosedCycle!;  // −10 − 0.4 = −10.4
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 130m, fee: 0.3m));                            // open: −0.3

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(9.8m, first.NetPnl);
        Assert.Equal(-10.4m, second.NetPnl);
        Assert.Equal(-0.3m, position.CurrentCycle()!.NetPnl);
        Assert.Equal(-0.9m, position.NetPnl); // 9.8 − 10.4 − 0.3
        Assert.Equal(0m, position.RealizedPnl); // 10 − 10
    }

    [Fact]
    public void Fee_with_no_asset_is_charged_in_the_settlement_asset()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m, feeAsset: null));

        Assert.Equal([new AssetAmount("USDT", 0.1m)], ledger.Find(Key(Instruments.EthPerp))!.Fees);
    }
}
