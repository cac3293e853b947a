namespace Tally.Core.Tests;

public class CycleSummaryTests
{
    [Fact]
    public void Average_exit_is_weighted_over_the_closing_fills()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m));

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 2m, 125m)).ClosedCycle!;

        // exit (110·1 + 125·2) / 3 = 360 / 3 = 120; realized 10 + 50 = 60
        Assert.Equal(120m, cycle.AverageExitPrice);
        Assert.Equal(60m, cycle.RealizedPnl);
    }

    [Fact]
    public void Realized_return_of_a_long_is_exit_over_entry_less_one()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m));

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 2m, 125m)).ClosedCycle!;

        Assert.Equal(0.2m, cycle.RealizedReturn); // (120 − 100) / 100
    }

    [Fact]
    public void Realized_return_of_a_losing_long_is_negative()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 1m, 95m)).ClosedCycle!;

        Assert.Equal(-0.05m, cycle.RealizedReturn); // (95 − 100) / 100
    }

    [Fact]
    public void Realized_return_of_a_short_is_mirrored()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 80m));

        var cycle = ledger.Apply(Buy(Instruments.EthPerp, 1m, 90m)).ClosedCycle!;

        // exit (80 + 90)/2 = 85; return (100 − 85)/100 = 0.15; realized 20 + 10 = 30
        Assert.Equal(PositionDirection.Short, cycle.Side);
        Assert.Equal(85m, cycle.AverageExitPrice);
        Assert.Equal(0.15m, cycle.RealizedReturn);
        Assert.Equal(30m, cycle.RealizedPnl);
    }

    [Fact]
    public void Realized_return_ignores_fees()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 1m));

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, fee: 1m)).ClosedCycle!;

        Assert.Equal(0.1m, cycle.RealizedReturn);
        Assert.Equal(8m, cycle.NetPnl); // 10 − 2: the fees show here instead
    }

    [Fact]
    public void Cycle_average_entry_is_weighted_over_the_opening_fills()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 0.5m, 110m)); // C = 50, A stays 100
        ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 130m));  // C = 50 + 65 = 115, A = 115

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        // the position's A is of what is held (115); the cycle's entry is of all it bought: 165 / 1.5 = 110
        Assert.Equal(115m, position.AverageEntryPrice);
        Assert.Equal(110m, position.CurrentCycle()!.AverageEntryPrice);
    }

    [Fact]
    public void Peak_quantity_is_the_largest_size_held_in_the_cycle()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));  // 1
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));  // 3
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m)); // 1
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));  // 2

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m)).ClosedCycle!;

        Assert.Equal(3m, cycle.PeakQuantity);
    }

    [Fact]
    public void Peak_quantity_starts_again_with_each_cycle()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 3m, 100m));

        ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 100m));

        Assert.Equal(0.5m, ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!.PeakQuantity);
    }

    [Fact]
    public void Peak_quantity_of_a_short_is_its_size()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 1.5m, 100m));

        var cycle = ledger.Apply(Buy(Instruments.EthPerp, 3.5m, 100m)).ClosedCycle!;

        Assert.Equal(3.5m, cycle.PeakQuantity);
    }

    [Fact]
    public void Open_cycle_has_no_close_time_exit_or_return_yet()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 3));

        var cycle = ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!;

        Assert.Equal(1, cycle.Number);
        Assert.Equal(PositionDirection.Long, cycle.Side);
        Assert.False(cycle.IsClosed);
        Assert.Equal(At(3), cycle.OpenedAt);
        Assert.Null(cycle.ClosedAt);
        Assert.Null(cycle.AverageExitPrice);
        Assert.Null(cycle.RealizedReturn);
        Assert.Equal(100m, cycle.AverageEntryPrice);
    }

    [Fact]
    public void Open_cycle_reports_what_its_reduces_realized_so_far()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 120m));

        var cycle = ledger.Find(Key(Instruments.EthPerp))!.CurrentCycle()!;

        Assert.False(cycle.IsClosed);
        Assert.Equal(120m, cycle.AverageExitPrice);
        Assert.Equal(0.2m, cycle.RealizedReturn);
        Assert.Equal(20m, cycle.RealizedPnl);
    }

    [Fact]
    public void Cycle_numbers_count_up_through_closes_and_flips()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        var first = ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m)).ClosedCycle!;
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m));
        var second = ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m)).ClosedCycle!; // flips into the third
        var third = ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m)).ClosedCycle!;

        Assert.Equal([1, 2, 3], new[] { first.Number, second.Number, third.Number });
        Assert.Equal(
            [PositionDirection.Long, PositionDirection.Short, PositionDirection.Long],
            new[] { first.Side, second.Side, third.Side });
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(3, position.ClosedCycles);
        Assert.Equal(3, position.CycleCount);
    }

    [Fact]
    public void Cycle_fees_are_kept_per_asset()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.02m, feeAsset: "BNB"));

        var cycle = ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m, fee: 0.1m)).ClosedCycle!;

        Assert.Equal([new AssetAmount("BNB", 0.02m), new AssetAmount("USDT", 0.1m)], cycle.Fees);
    }
}
