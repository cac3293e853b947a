namespace Tally.Core.Tests;

/// <summary>Inverse contracts (BTCUSD_PERP, 100 USD per contract): PnL and cost basis in BTC.</summary>
public class InversePnlTests
{
    [Fact]
    public void Inverse_long_realizes_the_difference_of_reciprocal_prices_in_base()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));

        var close = ledger.Apply(Sell(Instruments.BtcInverse, 10m, 25000m));

        // (1/20000 − 1/25000)·10·100 = (0.00005 − 0.00004)·1000 = 0.01 BTC
        Assert.Equal(PositionAction.LongClosed, close.Action);
        Assert.Equal(0.01m, close.RealizedPnl);
        Assert.Equal(0.01m, ledger.Find(Key(Instruments.BtcInverse))!.RealizedPnl);
    }

    [Fact]
    public void Inverse_short_realizes_the_mirror()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.BtcInverse, 10m, 20000m));

        var close = ledger.Apply(Buy(Instruments.BtcInverse, 10m, 25000m));

        // (1/25000 − 1/20000)·10·100 = −0.01 BTC: a short loses when the price rises
        Assert.Equal(-0.01m, close.RealizedPnl);
    }

    [Fact]
    public void Inverse_cost_basis_is_the_base_value_of_the_contracts()
    {
        var ledger = Instruments.Ledger();

        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));

        // B = x·m/p = 10·100/20000 = 0.05 BTC
        Assert.Equal(0.05m, ledger.Find(Key(Instruments.BtcInverse))!.CostBasis);
    }

    [Fact]
    public void Inverse_average_entry_is_the_harmonic_mean()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));

        var outcome = ledger.Apply(Buy(Instruments.BtcInverse, 10m, 25000m));

        // B = 0.05 + 0.04 = 0.09 BTC; A = q·m/B = 2000/0.09 = 22222.22… (the arithmetic mean would be 22500)
        Assert.Equal(0.09m, ledger.Find(Key(Instruments.BtcInverse))!.CostBasis);
        Assert.Equal(22222.22222222222222222222m, Math.Round(outcome.AverageEntryPriceAfter!.Value, 20));
    }

    [Fact]
    public void Inverse_reduce_realizes_against_the_harmonic_average_and_keeps_it()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));
        var increase = ledger.Apply(Buy(Instruments.BtcInverse, 10m, 25000m)); // B = 0.09, q = 20

        var reduce = ledger.Apply(Sell(Instruments.BtcInverse, 10m, 25000m));

        // B·x/q − x·m/p = 0.09·10/20 − 1000/25000 = 0.045 − 0.04 = 0.005
        // = (1/A − 1/p)·x·m = (0.09/2000 − 0.00004)·1000
        Assert.Equal(PositionAction.LongReduced, reduce.Action);
        Assert.Equal(0.005m, reduce.RealizedPnl);
        Assert.Equal(increase.AverageEntryPriceAfter, reduce.AverageEntryPriceAfter);

        var close = ledger.Apply(Sell(Instruments.BtcInverse, 10m, 25000m));

        // entries 0.09 − exits 0.04 − 0.04 = 0.01 in total
        Assert.Equal(0.005m, close.RealizedPnl);
        Assert.Equal(0.01m, ledger.Find(Key(Instruments.BtcInverse))!.RealizedPnl);
    }

    [Fact]
    public void Inverse_cycle_average_exit_is_harmonic_too()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 20m, 20000m)); // B = 2000/20000 = 0.1
        ledger.Apply(Sell(Instruments.BtcInverse, 10m, 20000m)); // exit value 0.05, realized 0

        var close = ledger.Apply(Sell(Instruments.BtcInverse, 10m, 25000m)); // exit value 0.04, realized 0.01

        // exit = 2000 / (0.05 + 0.04) = 22222.22…; return (22222.22… − 20000)/20000 = 0.1111…
        var cycle = close.ClosedCycle!;
        Assert.Equal(20000m, cycle.AverageEntryPrice);
        Assert.Equal(22222.22222222222222222222m, Math.Round(cycle.AverageExitPrice!.Value, 20));
        Assert.Equal(0.11111111111111111111m, Math.Round(cycle.RealizedReturn!.Value, 20));
        Assert.Equal(0.01m, cycle.RealizedPnl);
    }

    [Fact]
    public void Inverse_settles_in_the_base_asset()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m, fee: 0.00002m));

        ledger.Apply(Sell(Instruments.BtcInverse, 10m, 25000m, fee: 0.00002m));

        // a fee with no asset is in the settlement asset, BTC; net = 0.01 − 0.00004 = 0.00996 BTC
        var position = ledger.Find(Key(Instruments.BtcInverse))!;
        Assert.Equal("BTC", position.Instrument.SettlementAsset);
        Assert.Equal(0.00004m, position.Fees.AmountOf("BTC"));
        Assert.Equal(0.00004m, position.SettlementFees);
        Assert.Equal(0.00996m, position.NetPnl);
    }

    [Fact]
    public void Inverse_fees_in_base_never_change_the_contract_count()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m, fee: 0.0001m, feeAsset: "BTC"));

        Assert.Equal(10m, outcome.SignedQuantityAfter);
    }

    [Fact]
    public void Inverse_average_entry_of_one_fill_is_its_price()
    {
        // Found by QuantityProperties.Average_entry_of_a_position_entered_at_one_price_is_that_price_on_inverse.
        var ledger = Instruments.Ledger();

        var open = ledger.Apply(Buy(Instruments.BtcInverse, 10m, 30000.1m));

        // B = 1000/30000.1 = 0.0333332222… is rounded, so q·m/B comes back as 30000.0999…974, which would
        // show in reports and differ from the venue's entry price in reconciliation
        Assert.Equal(30000.1m, open.AverageEntryPriceAfter);
        Assert.Equal(30000.1m, ledger.Find(Key(Instruments.BtcInverse))!.CurrentCycle()!.AverageEntryPrice);
    }
}
