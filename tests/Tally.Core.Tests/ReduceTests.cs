namespace Tally.Core.Tests;

public class ReduceTests
{
    [Fact]
    public void Reduce_keeps_average_entry_price()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 200m)); // C = 700, q = 4, A = 175

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 1m, 300m));

        Assert.Equal(PositionAction.LongReduced, outcome.Action);
        Assert.Equal(175m, outcome.AverageEntryPriceAfter);
        Assert.Equal(3m, outcome.SignedQuantityAfter);
    }

    [Fact]
    public void Reduce_of_a_long_realizes_exit_minus_entry()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 200m)); // A = 175

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 1m, 300m));

        // (p − A)·x = (300 − 175)·1 = 125
        Assert.Equal(125m, outcome.RealizedPnl);
        Assert.Equal(125m, ledger.Find(Key(Instruments.EthPerp))!.RealizedPnl);
    }

    [Fact]
    public void Reduce_removes_cost_basis_in_proportion()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 200m)); // C = 700, q = 4

        ledger.Apply(Sell(Instruments.EthPerp, 1m, 300m));

        // C ·= (q − x) / q = 700 · 3/4 = 525
        Assert.Equal(525m, ledger.Find(Key(Instruments.EthPerp))!.CostBasis);
    }

    [Fact]
    public void Reduce_at_a_loss_realizes_a_negative_amount()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 1m, 90m));

        Assert.Equal(-10m, outcome.RealizedPnl); // (90 − 100)·1
    }

    [Fact]
    public void Reduce_of_a_short_realizes_entry_minus_exit()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 80m));

        // (A − p)·x = (100 − 80)·0.5 = 10
        Assert.Equal(PositionAction.ShortReduced, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(-1.5m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        Assert.Equal(150m, ledger.Find(Key(Instruments.EthPerp))!.CostBasis); // 200 · 1.5/2
    }

    [Fact]
    public void Reduce_does_not_end_the_cycle()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m));

        Assert.Null(outcome.ClosedCycle);
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(0, position.ClosedCycles);
        Assert.Equal(1, position.CycleCount);
        Assert.Equal(10m, position.CurrentCycle()!.RealizedPnl);
    }

    [Fact]
    public void Reduce_keeps_average_entry_price_to_the_last_digit()
    {
        // Found by QuantityProperties.Reduce_keeps_the_average_entry_price_exactly_on_linear_and_spot.
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        var increase = ledger.Apply(Buy(Instruments.EthPerp, 2m, 101m)); // A = 302/3 = 100.666…67

        var reduce = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m));

        // DESIGN.md §2: on a reduce "A is unchanged" — the very same decimal, not one recomputed from a
        // rounded basis (201.333…33 / 2 = 100.666…66)
        Assert.Equal(increase.AverageEntryPriceAfter, reduce.AverageEntryPriceAfter);
    }
}
