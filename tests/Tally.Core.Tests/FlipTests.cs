namespace Tally.Core.Tests;

public class FlipTests
{
    [Fact]
    public void Long_flips_to_short_closing_at_the_fill_price_and_opening_the_rest()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 3m, 110m, minute: 1));

        // close 1 @ 110: (110 − 100)·1 = 10; open a short of 3 − 1 = 2 @ 110
        Assert.Equal(PositionAction.LongClosedAndShortOpened, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(-2m, outcome.SignedQuantityAfter);
        Assert.Equal(110m, outcome.AverageEntryPriceAfter);
        Assert.Equal(220m, ledger.Find(Key(Instruments.EthPerp))!.CostBasis);
    }

    [Fact]
    public void Short_flips_to_long_closing_at_the_fill_price_and_opening_the_rest()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m, minute: 0));

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 5m, 90m, minute: 1));

        // close 2 @ 90: (100 − 90)·2 = 20; open a long of 5 − 2 = 3 @ 90
        Assert.Equal(PositionAction.ShortClosedAndLongOpened, outcome.Action);
        Assert.Equal(20m, outcome.RealizedPnl);
        Assert.Equal(3m, outcome.SignedQuantityAfter);
        Assert.Equal(90m, outcome.AverageEntryPriceAfter);
    }

    [Fact]
    public void Flip_ends_one_cycle_and_starts_the_next_at_the_same_moment()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 3m, 110m, minute: 7));

        var closed = outcome.ClosedCycle!;
        Assert.Equal(1, closed.Number);
        Assert.Equal(PositionDirection.Long, closed.Side);
        Assert.Equal(At(0), closed.OpenedAt);
        Assert.Equal(At(7), closed.ClosedAt);
        Assert.Equal(1m, closed.PeakQuantity);
        Assert.Equal(110m, closed.AverageExitPrice);
        Assert.Equal(0.1m, closed.RealizedReturn); // (110 − 100) / 100
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        var current = position.CurrentCycle()!;
        Assert.Equal(2, current.Number);
        Assert.Equal(PositionDirection.Short, current.Side);
        Assert.Equal(At(7), current.OpenedAt);
        Assert.Equal(110m, current.AverageEntryPrice);
        Assert.Equal(2m, current.PeakQuantity); // the new cycle's peak, not 3 and not the old 1
        Assert.Equal(0m, current.RealizedPnl);
        Assert.Equal(1, position.ClosedCycles);
        Assert.Equal(2, position.CycleCount);
    }

    [Fact]
    public void Flip_splits_the_fee_pro_rata_by_quantity()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 5m, 90m, fee: 1.0m));

        // 2 of 5 close the short: 1.0·2/5 = 0.4 to the closed cycle, 0.6 to the new long
        var closed = outcome.ClosedCycle!;
        Assert.Equal(0.4m, closed.Fees.AmountOf("USDT"));
        Assert.Equal(19.6m, closed.NetPnl); // 20 − 0.4
        var current = ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!;
        Assert.Equal(0.6m, current.Fees.AmountOf("USDT"));
        Assert.Equal(-0.6m, current.NetPnl);
    }

    [Fact]
    public void Flip_charges_the_whole_fee_to_the_key()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        ledger.Apply(Buy(Instruments.EthPerp, 5m, 90m, fee: 1.0m));

        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(1.0m, position.SettlementFees);
        Assert.Equal(1.0m, position.Fees.AmountOf("USDT"));
        Assert.Equal(19.0m, position.NetPnl); // 20 − 1.0
    }

    [Fact]
    public void Flip_closed_cycle_carries_its_opening_fee_and_its_share_of_the_flip_fee()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.05m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 2m, 110m, fee: 0.4m));

        // share 1/2: 0.2 closes, 0.2 opens. Closed cycle fees 0.05 + 0.2 = 0.25, net 10 − 0.25 = 9.75
        Assert.Equal(0.25m, outcome.ClosedCycle!.Fees.AmountOf("USDT"));
        Assert.Equal(9.75m, outcome.ClosedCycle.NetPnl);
        Assert.Equal(0.2m, ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!.Fees.AmountOf("USDT"));
    }

    [Fact]
    public void Flip_fee_split_is_exact_when_the_share_is_a_repeating_decimal()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcPerp, 1m, 30000m));

        var outcome = ledger.Apply(Sell(Instruments.BtcPerp, 3m, 30100m, fee: 36m));

        // 1 of 3 closes the long: 36·1/3 = 12 exactly, and 36·2/3 = 24 opens the short.
        // Taking the share first (1/3 = 0.333…3) and then 36·share gives 11.999…9 and 24.000…1.
        Assert.Equal(12m, outcome.ClosedCycle!.Fees.AmountOf("USDT"));
        Assert.Equal(88m, outcome.ClosedCycle.NetPnl); // (30100 − 30000)·1 − 12
        var current = ledger.Find(Key(Instruments.BtcPerp))!.CurrentCycle()!;
        Assert.Equal(24m, current.Fees.AmountOf("USDT"));
        Assert.Equal(-24m, current.NetPnl);
    }

    [Fact]
    public void Exactly_closing_is_not_a_flip()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1.5m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 1.5m, 100m));

        Assert.Equal(PositionAction.LongClosed, outcome.Action);
        Assert.Equal(0m, outcome.SignedQuantityAfter);
        Assert.Null(ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle());
    }
}
