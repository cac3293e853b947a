namespace Tally.Core.Tests;

/// <summary>The spot cash-flow view and its break-even price −(p2 − p2_fee) / (p1 − p1_fee).</summary>
public class CashFlowTests
{
    [Fact]
    public void Break_even_with_a_quote_fee_from_the_design_brief()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.1m, feeAsset: "USDT"));

        // p1 = 1, p2 = −100, p2_fee = 0.1 → −(−100 − 0.1) / 1 = 100.1
        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(new CashFlow(1m, -100m, 0m, 0.1m), cashFlow);
        Assert.Equal(100.1m, cashFlow.BreakEvenPrice);
    }

    [Fact]
    public void Break_even_with_a_base_fee_from_the_design_brief()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.001m, feeAsset: "BTC"));

        // p1 = 1, p1_fee = 0.001, p2 = −100 → −(−100) / 0.999 = 100.1001001…
        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(new CashFlow(1m, -100m, 0.001m, 0m), cashFlow);
        Assert.Equal(0.999m, cashFlow.HeldBase);
        Assert.Equal(100.10010010010010010010m, Math.Round(cashFlow.BreakEvenPrice!.Value, 20));
    }

    [Fact]
    public void Fees_raise_a_long_break_even_unlike_the_earlier_formula()
    {
        var cashFlow = new CashFlow(1m, -100m, 0m, 0.1m);

        // the earlier system's −(p2 + p2_fee) / p1 = −(−100 + 0.1) / 1 = 99.9 would let a fee lower it
        var earlier = -(cashFlow.P2 + cashFlow.P2Fee) / cashFlow.P1;

        Assert.Equal(99.9m, earlier);
        Assert.Equal(100.1m, cashFlow.BreakEvenPrice);
        Assert.True(cashFlow.BreakEvenPrice > 100m);
    }

    [Fact]
    public void Break_even_after_a_partial_sell_spreads_what_was_spent_over_what_is_held()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 2m, 100m, fee: 0.2m, feeAsset: "USDT"));

        ledger.Apply(Sell(Instruments.BtcSpot, 1m, 120m, fee: 0.12m, feeAsset: "USDT"));

        // p1 = 2 − 1 = 1; p2 = −200 + 120 = −80; p2_fee = 0.32 → −(−80 − 0.32) / 1 = 80.32
        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(new CashFlow(1m, -80m, 0m, 0.32m), cashFlow);
        Assert.Equal(80.32m, cashFlow.BreakEvenPrice);
    }

    [Fact]
    public void Short_break_even_is_lowered_by_fees()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Sell(Instruments.BtcSpot, 1m, 100m, fee: 0.1m, feeAsset: "USDT"));

        // p1 = −1, p2 = 100 → −(100 − 0.1) / −1 = 99.9: it must buy back lower to cover the fee
        Assert.Equal(99.9m, ledger.Find(Key(Instruments.BtcSpot))!.CashFlow.BreakEvenPrice);
    }

    [Fact]
    public void Nothing_held_has_no_break_even()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcSpot, 1m, 100m, fee: 0.1m, feeAsset: "USDT"));

        ledger.Apply(Sell(Instruments.BtcSpot, 1m, 110m, fee: 0.11m, feeAsset: "USDT"));

        var cashFlow = ledger.Find(Key(Instruments.BtcSpot))!.CashFlow;
        Assert.Equal(0m, cashFlow.HeldBase);
        Assert.Null(cashFlow.BreakEvenPrice);
        Assert.Equal(10m, cashFlow.P2); // −100 + 110
    }

    [Fact]
    public void Inverse_cash_flow_moves_contract_value_in_quote_and_its_base_equivalent()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));

        // 10 contracts · 100 USD = 1000 USD = 0.05 BTC at 20000 → break-even 1000 / 0.05 = 20000
        var cashFlow = ledger.Find(Key(Instruments.BtcInverse))!.CashFlow;
        Assert.Equal(0.05m, cashFlow.P1);
        Assert.Equal(-1000m, cashFlow.P2);
        Assert.Equal(20000m, cashFlow.BreakEvenPrice);
    }
}
