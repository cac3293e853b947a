namespace Tally.Core.Tests;

/// <summary>The worked example of DESIGN.md §2, which must pass as written.</summary>
public class WorkedExampleTests
{
    [Fact]
    public void Eth_example_from_the_design_brief()
    {
        var ledger = Instruments.Ledger();

        var open = ledger.Apply(Buy(Instruments.EthPerp, 1.0m, 3000m, minute: 0));
        Assert.Equal(PositionAction.LongOpened, open.Action);
        Assert.Equal(3000m, open.AverageEntryPriceAfter);

        // C = 3000·1.0 + 3100·0.5 = 3000 + 1550 = 4550; A = 4550 / 1.5 = 3033.33…
        var increase = ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 3100m, minute: 1));
        Assert.Equal(PositionAction.LongIncreased, increase.Action);
        Assert.Equal(4550m, ledger.Find(Key(Instruments.EthPerp))!.CostBasis);
        Assert.Equal(3033.33333333333333333333m, Math.Round(increase.AverageEntryPriceAfter!.Value, 20));

        // (3200 − 3033.33…)·0.5 = 83.33…, kept to 18 places (Position.AmountScale); A unchanged
        var reduce = ledger.Apply(Sell(Instruments.EthPerp, 0.5m, 3200m, minute: 2));
        Assert.Equal(PositionAction.LongReduced, reduce.Action);
        Assert.Equal(83.333333333333333333m, reduce.RealizedPnl);
        Assert.Equal(increase.AverageEntryPriceAfter, reduce.AverageEntryPriceAfter);

        // (3150 − 3033.33…)·1.0 = 116.66…: the close realizes the cycle's exact 200 less the 83.33… already realized
        var close = ledger.Apply(Sell(Instruments.EthPerp, 1.0m, 3150m, minute: 3));
        Assert.Equal(PositionAction.LongClosed, close.Action);
        Assert.Equal(116.666666666666666667m, close.RealizedPnl);

        // exits 1600 + 3150 = 4750, entries 4550: exactly 200, no rounding left behind
        Assert.Equal(200m, reduce.RealizedPnl + close.RealizedPnl);
        Assert.Equal(200m, ledger.Find(Key(Instruments.EthPerp))!.RealizedPnl);
        Assert.Equal(200m, close.ClosedCycle!.RealizedPnl);
    }

    [Fact]
    public void Eth_example_mirrored_as_a_short()
    {
        var ledger = Instruments.Ledger();

        Assert.Equal(PositionAction.ShortOpened, ledger.Apply(Sell(Instruments.EthPerp, 1.0m, 3000m)).Action);

        var increase = ledger.Apply(Sell(Instruments.EthPerp, 0.5m, 3100m));
        Assert.Equal(PositionAction.ShortIncreased, increase.Action);
        Assert.Equal(3033.33333333333333333333m, Math.Round(increase.AverageEntryPriceAfter!.Value, 20));

        // (3033.33… − 2900)·0.5 = 66.66…
        var reduce = ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 2900m));
        Assert.Equal(PositionAction.ShortReduced, reduce.Action);
        Assert.Equal(66.666666666666666667m, reduce.RealizedPnl);

        // (3033.33… − 2950)·1.0 = 83.33…
        var close = ledger.Apply(Buy(Instruments.EthPerp, 1.0m, 2950m));
        Assert.Equal(PositionAction.ShortClosed, close.Action);
        Assert.Equal(83.333333333333333333m, close.RealizedPnl);

        // entries 4550 − exits (1450 + 2950 = 4400) = exactly 150
        Assert.Equal(150m, ledger.Find(Key(Instruments.EthPerp))!.RealizedPnl);
    }
}
