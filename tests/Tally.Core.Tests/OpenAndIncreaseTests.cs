namespace Tally.Core.Tests;

public class OpenAndIncreaseTests
{
    [Fact]
    public void Buy_on_a_flat_key_opens_a_long_at_the_fill_price()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 2m, 100m));

        Assert.Equal(PositionAction.LongOpened, outcome.Action);
        Assert.Equal(0m, outcome.RealizedPnl);
        Assert.Equal(2m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        Assert.Null(outcome.Anomaly);
        Assert.Null(outcome.ClosedCycle);
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(PositionDirection.Long, position.Direction);
        Assert.True(position.IsOpen);
        Assert.Equal(2m, position.Quantity);
        Assert.Equal(200m, position.CostBasis); // C = p·x = 100·2
    }

    [Fact]
    public void Sell_on_a_flat_key_opens_a_short_at_the_fill_price()
    {
        var ledger = Instruments.Ledger();

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        Assert.Equal(PositionAction.ShortOpened, outcome.Action);
        Assert.Equal(-2m, outcome.SignedQuantityAfter);
        Assert.Equal(100m, outcome.AverageEntryPriceAfter);
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(PositionDirection.Short, position.Direction);
        Assert.Equal(2m, position.Quantity); // Quantity is the size, SignedQuantity carries the sign
        Assert.Equal(200m, position.CostBasis);
    }

    [Fact]
    public void Increase_weights_the_average_entry_price_by_quantity()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 3m, 200m));

        // C = 100·1 + 200·3 = 700, q = 4, A = 700 / 4 = 175 (not the plain mean 150)
        Assert.Equal(PositionAction.LongIncreased, outcome.Action);
        Assert.Equal(0m, outcome.RealizedPnl);
        Assert.Equal(4m, outcome.SignedQuantityAfter);
        Assert.Equal(175m, outcome.AverageEntryPriceAfter);
        Assert.Equal(700m, ledger.Find(Key(Instruments.EthPerp))!.CostBasis);
    }

    [Fact]
    public void Short_increase_weights_the_average_entry_price_by_quantity()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.EthPerp, 3m, 80m));

        // C = 100·1 + 80·3 = 340, q = 4, A = 85
        Assert.Equal(PositionAction.ShortIncreased, outcome.Action);
        Assert.Equal(-4m, outcome.SignedQuantityAfter);
        Assert.Equal(85m, outcome.AverageEntryPriceAfter);
    }

    [Fact]
    public void Contract_multiplier_scales_cost_basis_but_not_average_price()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthTenLot, 2m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.EthTenLot, 2m, 110m));

        // C = 100·2·10 + 110·2·10 = 2000 + 2200 = 4200; A = C / (q·m) = 4200 / 40 = 105
        Assert.Equal(105m, outcome.AverageEntryPriceAfter);
        Assert.Equal(4200m, ledger.Find(Key(Instruments.EthTenLot))!.CostBasis);

        var close = ledger.Apply(Sell(Instruments.EthTenLot, 4m, 120m));

        // 120·4·10 − 4200 = 4800 − 4200 = 600
        Assert.Equal(600m, close.RealizedPnl);
    }

    [Fact]
    public void Opened_at_is_the_first_fill_and_last_update_the_latest()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 1));
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 101m, minute: 5));

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.Equal(At(1), position.OpenedAt);
        Assert.Equal(At(5), position.LastUpdate);
        Assert.Equal(At(1), position.CurrentCycle()!.OpenedAt);
    }

    [Fact]
    public void Keys_on_different_symbols_are_independent()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));

        var outcome = ledger.Apply(Sell(Instruments.BtcPerp, 1m, 200m));

        Assert.Equal(PositionAction.ShortOpened, outcome.Action);
        Assert.Equal(1m, ledger.Find(Key(Instruments.EthPerp))!.SignedQuantity);
        Assert.Equal(-1m, ledger.Find(Key(Instruments.BtcPerp))!.SignedQuantity);
        Assert.Equal(2, ledger.Positions.Count);
    }
}
