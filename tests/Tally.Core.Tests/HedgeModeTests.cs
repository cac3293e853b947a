namespace Tally.Core.Tests;

/// <summary>Hedge mode: LONG and SHORT are two books on one symbol; a fill never flips a book.</summary>
public class HedgeModeTests
{
    private const string Symbol = Instruments.BtcPerp;

    [Fact]
    public void Long_and_short_books_live_side_by_side_on_one_symbol()
    {
        var ledger = Instruments.Ledger();

        var longOpen = ledger.Apply(Buy(Symbol, 1m, 100m, positionSide: PositionSide.Long));
        var shortOpen = ledger.Apply(Sell(Symbol, 2m, 105m, positionSide: PositionSide.Short));

        Assert.Equal(PositionAction.LongOpened, longOpen.Action);
        Assert.Equal(PositionAction.ShortOpened, shortOpen.Action);
        Assert.Equal(Key(Symbol, PositionSide.Long), longOpen.Key);
        Assert.Equal(Key(Symbol, PositionSide.Short), shortOpen.Key);
        Assert.Equal(1m, ledger.Find(Key(Symbol, PositionSide.Long))!.SignedQuantity);
        Assert.Equal(-2m, ledger.Find(Key(Symbol, PositionSide.Short))!.SignedQuantity);
        Assert.Null(ledger.Find(Key(Symbol, PositionSide.Both)));
        Assert.Equal(2, ledger.Positions.Count);
    }

    [Fact]
    public void Sell_on_the_long_book_reduces_it_and_leaves_the_short_book_alone()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Symbol, 2m, 100m, positionSide: PositionSide.Long));
        ledger.Apply(Sell(Symbol, 1m, 100m, positionSide: PositionSide.Short));

        var outcome = ledger.Apply(Sell(Symbol, 1m, 110m, positionSide: PositionSide.Long));

        Assert.Equal(PositionAction.LongReduced, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl); // (110 − 100)·1
        Assert.Equal(1m, outcome.SignedQuantityAfter);
        var shortBook = ledger.Find(Key(Symbol, PositionSide.Short))!;
        Assert.Equal(-1m, shortBook.SignedQuantity);
        Assert.Equal(0m, shortBook.RealizedPnl);
    }

    [Fact]
    public void Buy_on_the_short_book_reduces_and_closes_it()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Symbol, 2m, 100m, positionSide: PositionSide.Short));

        var reduce = ledger.Apply(Buy(Symbol, 1m, 90m, positionSide: PositionSide.Short));
        var close = ledger.Apply(Buy(Symbol, 1m, 80m, positionSide: PositionSide.Short));

        Assert.Equal(PositionAction.ShortReduced, reduce.Action);
        Assert.Equal(10m, reduce.RealizedPnl); // (100 − 90)·1
        Assert.Equal(PositionAction.ShortClosed, close.Action);
        Assert.Equal(20m, close.RealizedPnl);  // (100 − 80)·1
        Assert.Null(close.Anomaly);
        Assert.Equal(30m, close.ClosedCycle!.RealizedPnl);
    }

    [Fact]
    public void Increase_on_the_long_book_adds_to_it()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Symbol, 1m, 100m, positionSide: PositionSide.Long));

        var outcome = ledger.Apply(Buy(Symbol, 1m, 120m, positionSide: PositionSide.Long));

        Assert.Equal(PositionAction.LongIncreased, outcome.Action);
        Assert.Equal(110m, outcome.AverageEntryPriceAfter);
    }

    [Fact]
    public void Over_reduce_closes_the_book_reports_an_anomaly_and_never_flips()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Symbol, 1m, 100m, positionSide: PositionSide.Long));

        var outcome = ledger.Apply(Sell(Symbol, 3m, 110m, fee: 0.3m, positionSide: PositionSide.Long));

        // closes 1 @ 110 (realized 10); the other 2 are not applied and are reported
        Assert.Equal(PositionAction.LongClosed, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(0m, outcome.SignedQuantityAfter);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Anomaly));
        Assert.NotNull(outcome.ClosedCycle);
        var position = ledger.Find(Key(Symbol, PositionSide.Long))!;
        Assert.Equal(PositionDirection.Flat, position.Direction);
        Assert.Null(ledger.Find(Key(Symbol, PositionSide.Short)));
    }

    [Fact]
    public void Over_reduce_charges_the_whole_fee_to_the_closed_cycle()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Symbol, 1m, 100m, positionSide: PositionSide.Long));

        var outcome = ledger.Apply(Sell(Symbol, 3m, 110m, fee: 0.3m, positionSide: PositionSide.Long));

        // no new cycle to share it with: 10 − 0.3 = 9.7
        Assert.Equal(0.3m, outcome.ClosedCycle!.Fees.AmountOf("USDT"));
        Assert.Equal(9.7m, outcome.ClosedCycle.NetPnl);
    }

    [Fact]
    public void Over_reduce_of_the_short_book_never_opens_a_long()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Symbol, 1m, 100m, positionSide: PositionSide.Short));

        var outcome = ledger.Apply(Buy(Symbol, 1.5m, 90m, positionSide: PositionSide.Short));

        Assert.Equal(PositionAction.ShortClosed, outcome.Action);
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(0m, outcome.SignedQuantityAfter);
        Assert.NotNull(outcome.Anomaly);
    }

    [Fact]
    public void Reducing_a_flat_book_is_an_anomaly_that_changes_no_quantity()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Sell(Symbol, 1m, 100m, positionSide: PositionSide.Long));

        Assert.NotNull(outcome.Anomaly);
        Assert.Equal(0m, outcome.RealizedPnl);
        Assert.Equal(0m, outcome.SignedQuantityAfter);
        Assert.Null(outcome.ClosedCycle);
        var position = ledger.Find(Key(Symbol, PositionSide.Long))!;
        Assert.False(position.IsOpen);
        Assert.Equal(0, position.CycleCount);
    }

    [Fact]
    public void One_way_and_hedge_keys_on_one_symbol_are_different_positions()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Symbol, 1m, 100m, positionSide: PositionSide.Both));

        ledger.Apply(Sell(Symbol, 2m, 100m, positionSide: PositionSide.Long));

        Assert.Equal(1m, ledger.Find(Key(Symbol, PositionSide.Both))!.SignedQuantity);
        Assert.Equal(0m, ledger.Find(Key(Symbol, PositionSide.Long))!.SignedQuantity);
    }
}
