namespace Tally.Core.Tests;

public class FillValidationTests
{
    public static TheoryData<decimal, decimal> BadQuantityOrPrice => new()
    {
        { 0m, 100m },
        { -1m, 100m },
        { 1m, 0m },
        { 1m, -100m },
    };

    [Theory]
    [MemberData(nameof(BadQuantityOrPrice))]
    public void Non_positive_quantity_or_price_is_rejected(decimal quantity, decimal price)
    {
        var ledger = Instruments.Ledger();

        Assert.Throws<ArgumentException>(() => ledger.Apply(Buy(Instruments.EthPerp, quantity, price)));
    }

    public static TheoryData<decimal> BaseFeesNotSmallerThanTheQuantity => [0.001m, 0.002m];

    [Theory]
    [MemberData(nameof(BaseFeesNotSmallerThanTheQuantity))]
    public void Spot_base_fee_not_smaller_than_the_bought_quantity_is_rejected(decimal fee)
    {
        var ledger = Instruments.Ledger();

        Assert.Throws<ArgumentException>(() =>
            ledger.Apply(Buy(Instruments.BtcSpot, 0.001m, 100m, fee: fee, feeAsset: "BTC")));
    }

    [Fact]
    public void Rejected_fill_leaves_an_open_position_as_it_was()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m, minute: 0));

        Assert.Throws<ArgumentException>(() => ledger.Apply(Sell(Instruments.EthPerp, 0m, 100m, fee: 5m, minute: 9)));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(1m, position.SignedQuantity);
        Assert.Equal(0.1m, position.SettlementFees);
        Assert.Equal(0.1m, position.Fees.AmountOf("USDT"));
        Assert.Equal(new CashFlow(1m, -100m, 0m, 0.1m), position.CashFlow);
        Assert.Equal(At(0), position.LastUpdate);
    }

    [Fact]
    public void Rejected_fill_on_a_new_key_leaves_no_position_behind()
    {
        var ledger = Instruments.Ledger();

        Assert.Throws<ArgumentException>(() => ledger.Apply(Buy(Instruments.EthPerp, 0m, 100m)));

        // a malformed fill is not a key "seen so far"; reports must not list a phantom flat position
        Assert.Null(ledger.Find(Key(Instruments.EthPerp)));
        Assert.Empty(ledger.Positions);
    }

    [Fact]
    public void Checking_a_fill_says_which_field_and_value_the_ledger_refuses_and_changes_nothing()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));
        var before = ledger.Find(Key(Instruments.EthPerp))!.Capture();

        Assert.Equal(new FillRejection("qty", "0", "is not positive"), ledger.Check(Sell(Instruments.EthPerp, 0m, 100m)));
        Assert.Equal(new FillRejection("price", "-1", "is not positive"), ledger.Check(Sell(Instruments.EthPerp, 1m, -1m)));
        Assert.Equal(new FillRejection("fee", "0.001", FillRules.BaseFeeNotSmaller), ledger.Check(Buy(Instruments.BtcSpot, 0.001m, 100m, fee: 0.001m, feeAsset: "BTC")));
        Assert.Equal(new FillRejection("symbol", "XYZ", FillRules.UnknownSymbol), ledger.Check(Buy(Instruments.EthPerp, 1m, 100m) with { Symbol = "XYZ" }));
        Assert.Null(ledger.Check(Buy(Instruments.EthPerp, 1m, 100m) with { Symbol = "SOLUSDT" }));

        Assert.DoesNotContain(ledger.Instruments.Registered, i => i.Symbol == "SOLUSDT");   // not even an inferred instrument is remembered
        Assert.Null(ledger.Find(Key(Instruments.EthPerp) with { Symbol = "SOLUSDT" }));
        Assert.True(ledger.Find(Key(Instruments.EthPerp))!.Capture().SameAs(before));
    }
}
