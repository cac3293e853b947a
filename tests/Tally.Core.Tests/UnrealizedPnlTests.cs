namespace Tally.Core.Tests;

public class UnrealizedPnlTests
{
    [Fact]
    public void Linear_long_gains_when_the_mark_rises()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(20m, position.UnrealizedPnl(110m));  // (110 − 100)·2
        Assert.Equal(-20m, position.UnrealizedPnl(90m));
        Assert.Equal(220m, position.Notional(110m));      // 110·2
    }

    [Fact]
    public void Linear_short_loses_when_the_mark_rises_and_its_notional_is_positive()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(-20m, position.UnrealizedPnl(110m)); // (100 − 110)·2
        Assert.Equal(20m, position.UnrealizedPnl(90m));
        Assert.Equal(220m, position.Notional(110m));
    }

    [Fact]
    public void Unrealized_pnl_uses_the_average_of_what_is_still_held()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 120m)); // A = 110
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 130m)); // q = 3

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(60m, position.UnrealizedPnl(130m)); // (130 − 110)·3
    }

    [Fact]
    public void Contract_multiplier_scales_unrealized_pnl_and_notional()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthTenLot, 2m, 100m));

        var position = ledger.Find(Key(Instruments.EthTenLot))!;

        Assert.Equal(100m, position.UnrealizedPnl(105m)); // (105 − 100)·2·10
        Assert.Equal(2100m, position.Notional(105m));     // 105·2·10
    }

    [Fact]
    public void Inverse_long_unrealized_pnl_and_notional_are_in_base()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));

        var position = ledger.Find(Key(Instruments.BtcInverse))!;

        Assert.Equal(0.01m, position.UnrealizedPnl(25000m)); // (1/20000 − 1/25000)·10·100
        Assert.Equal(0.04m, position.Notional(25000m));      // 10·100/25000
    }

    [Fact]
    public void Inverse_short_unrealized_pnl_is_the_mirror()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.BtcInverse, 10m, 20000m));

        var position = ledger.Find(Key(Instruments.BtcInverse))!;

        Assert.Equal(-0.01m, position.UnrealizedPnl(25000m));
        Assert.Equal(0.04m, position.Notional(25000m));
    }

    [Fact]
    public void Flat_position_has_no_unrealized_pnl_or_notional()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 150m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(0m, position.UnrealizedPnl(200m));
        Assert.Equal(0m, position.Notional(200m));
    }
}
