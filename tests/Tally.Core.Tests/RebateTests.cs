namespace Tally.Core.Tests;

/// <summary>Maker rebates arrive as negative fees and keep their sign everywhere.</summary>
public class RebateTests
{
    [Fact]
    public void Rebate_keeps_its_negative_sign_in_the_fees()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: -0.02m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(-0.02m, position.Fees.AmountOf("USDT"));
        Assert.Equal(-0.02m, position.SettlementFees);
        Assert.Equal(-0.02m, position.CurrentCycle()!.Fees.AmountOf("USDT"));
    }

    [Fact]
    public void Rebate_raises_net_pnl_above_realized_pnl()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: -0.02m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(0m, position.RealizedPnl);
        Assert.Equal(0.02m, position.NetPnl); // 0 − (−0.02)
        Assert.Equal(0.02m, position.CurrentCycle()!.NetPnl);
    }

    [Fact]
    public void Rebate_nets_against_fees_in_the_cycle()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.05m));

        var close = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: -0.01m));

        // fees 0.05 − 0.01 = 0.04; net 10 − 0.04 = 9.96
        Assert.Equal(0.04m, close.ClosedCycle!.Fees.AmountOf("USDT"));
        Assert.Equal(9.96m, close.ClosedCycle.NetPnl);
    }

    [Fact]
    public void Rebate_lowers_the_break_even_price()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: -0.02m, feeAsset: "USDT"));

        // −(−100 − (−0.02)) / 1 = 99.98
        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(-0.02m, cashFlow.P2Fee);
        Assert.Equal(99.98m, cashFlow.BreakEvenPrice);
    }

    [Fact]
    public void Rebate_on_a_flip_is_split_pro_rata_with_its_sign()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m, fee: -0.2m));

        Assert.Equal(-0.1m, outcome.ClosedCycle!.Fees.AmountOf("USDT"));
        Assert.Equal(0.1m, outcome.ClosedCycle.NetPnl);
        Assert.Equal(-0.1m, ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!.Fees.AmountOf("USDT"));
    }
}
