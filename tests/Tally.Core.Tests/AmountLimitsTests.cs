namespace Tally.Core.Tests;

/// <summary>A fill within the amount limits can be folded without any total overflowing decimal.</summary>
public sealed class AmountLimitsTests
{
    private static readonly Instrument Linear = Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT");
    private static readonly Instrument Inverse = Instrument.Create("BTCUSD", InstrumentKind.Inverse, "BTC", "USD", 100m);

    private static Fill Buy(decimal qty, decimal price, decimal fee = 0m, decimal? feePrice = null) =>
        new("v", "a", "BTCUSDT", Side.Buy, PositionSide.Both, qty, price, fee, null, "1", null, FeeConversionPrice: feePrice);

    [Fact]
    public void Ordinary_fills_fit()
    {
        Assert.Null(AmountLimits.Check(Buy(0.5m, 96_000m, 0.01m), Linear));
        Assert.Null(AmountLimits.Check(Buy(10m, 20_000m), Inverse));
    }

    [Theory]
    [InlineData("79228162514264337593543950335", "1", "qty")]
    [InlineData("1", "100000000000001", "price")]
    public void An_amount_over_1E14_is_named_by_its_column(string qty, string price, string column)
    {
        var problem = AmountLimits.Check(Buy(decimal.Parse(qty, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)), Linear);

        Assert.Equal((column, "is too large to total (at most 1E+14)"), (problem!.Value.Column, problem.Value.Problem));
    }

    [Fact]
    public void A_value_over_1E18_is_refused_though_each_amount_fits()
    {
        var problem = AmountLimits.Check(Buy(10_000_000_000_000m, 10_000_000_000_000m), Linear);

        Assert.Equal(("qty", "is too large to total: qty × price × multiplier is over 1E+18"), (problem!.Value.Column, problem.Value.Problem));
    }

    [Fact]
    public void An_inverse_value_grows_as_the_price_falls()
    {
        var problem = AmountLimits.Check(Buy(100_000_000m, 0.000000001m), Inverse);

        Assert.Equal("is too large to total: qty × multiplier / price is over 1E+18", problem!.Value.Problem);
    }

    [Fact]
    public void A_converted_fee_over_1E18_is_refused()
    {
        Assert.Equal("fee", AmountLimits.Check(Buy(1m, 100m, 10_000_000_000_000m, 1_000_000m), Linear)!.Value.Column);
    }

    [Fact]
    public void Many_fills_at_the_limits_fold_without_overflow()
    {
        var ledger = new Ledger(new InstrumentCatalog());
        for (var i = 0; i < 1000; i++)
        {
            var fill = new Fill("v", "a", "BTCUSDT", i % 3 == 2 ? Side.Sell : Side.Buy, PositionSide.Both, 10_000m, 100_000_000_000_000m, 100_000_000_000_000m, null, i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            Assert.Null(AmountLimits.Check(fill, Linear));
            ledger.Apply(fill);
        }

        Assert.Equal(3_340_000m, ledger.Positions.Single().Quantity);
    }
}
