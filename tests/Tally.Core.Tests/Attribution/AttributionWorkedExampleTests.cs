using Tally.Core.Attribution;

namespace Tally.Core.Tests.Attribution;

/// <summary>The worked example of DESIGN.md §3, which must pass as written.</summary>
public class AttributionWorkedExampleTests
{
    [Fact]
    public void Two_strategies_build_one_hedge_long_then_one_takes_profit_and_the_other_is_stopped()
    {
        var ledger = Instruments.Ledger();
        var book = new AttributionBook();
        var key = Key(Instruments.BtcPerp, PositionSide.Long);

        // A buys 0.001 @ 45,000 (TP 48,000, SL 43,000); B buys 0.002 @ 46,000 (TP 49,000, SL 44,000)
        book.Apply(ledger, Buy(Instruments.BtcPerp, 0.001m, 45_000m, positionSide: PositionSide.Long, minute: 0), new OrderPurpose.Entry("A", "a-1", 48_000m, 43_000m));
        book.Apply(ledger, Buy(Instruments.BtcPerp, 0.002m, 46_000m, positionSide: PositionSide.Long, minute: 1), new OrderPurpose.Entry("B", "b-1", 49_000m, 44_000m));

        // BTCUSDT_LONG 0.003 @ (45 + 92) / 0.003 = 45,666.67, two contributions
        var exchange = Assert.Single(book.ExchangePositions());
        Assert.Equal("BTCUSDT_LONG", exchange.ExchangePositionKey);
        Assert.Equal(0.003m, exchange.CurrentQuantity);
        Assert.Equal(45_666.67m, Math.Round(exchange.WeightedAvgPrice!.Value, 2));
        Assert.Equal(["A", "B"], exchange.ContributingStrategies);
        Assert.Equal(2, exchange.TotalContributions);
        Assert.Equal([1, 2], book.Contributions().Select(c => c.PositionSequence));

        // Price reaches 48,000: A's take-profit sells 0.001 → A closed, +3.00 (+6.67 %); the ledger realizes 2.33
        var tp = book.Apply(ledger, Sell(Instruments.BtcPerp, 0.001m, 48_000m, positionSide: PositionSide.Long, minute: 2), new OrderPurpose.ExitPosition("a-1", CloseReason.TakeProfit));
        Assert.Equal(2.33m, Math.Round(tp.RealizedPnl, 2));
        var a = book.Find("default", "default", Instruments.BtcPerp, "a-1")!;
        Assert.Equal(StrategyPositionStatus.Closed, a.Status);
        Assert.Equal(CloseReason.TakeProfit, a.CloseReason);
        Assert.Equal(3.00m, a.RealizedPnl);
        Assert.Equal(6.67m, Math.Round(a.RealizedPnlPct!.Value, 2));
        Assert.Equal(48_000m, a.ExitPrice);

        // BTCUSDT_LONG 0.002, B open with its own TP/SL
        var b = book.Find("default", "default", Instruments.BtcPerp, "b-1")!;
        Assert.Equal(StrategyPositionStatus.Open, b.Status);
        Assert.Equal((49_000m, 44_000m), (b.TakeProfitPrice!.Value, b.StopLossPrice!.Value));
        Assert.Equal(0.002m, book.ExchangePositions().Single().CurrentQuantity);

        // Price falls to 44,000: B's stop → B closed, stop_loss, 88 − 92 = −4.00 (−4.35 %)
        var sl = book.Apply(ledger, Sell(Instruments.BtcPerp, 0.002m, 44_000m, positionSide: PositionSide.Long, minute: 3), new OrderPurpose.ExitPosition("b-1", CloseReason.StopLoss));
        b = book.Find("default", "default", Instruments.BtcPerp, "b-1")!;
        Assert.Equal(StrategyPositionStatus.Closed, b.Status);
        Assert.Equal(CloseReason.StopLoss, b.CloseReason);
        Assert.Equal(-4.00m, b.RealizedPnl);
        Assert.Equal(-4.35m, Math.Round(b.RealizedPnlPct!.Value, 2));

        // cycle realized −1.00 = the ledger's 2.33 − 3.33, exactly
        Assert.Equal(-3.33m, Math.Round(sl.RealizedPnl, 2));
        Assert.Equal(-1.00m, ledger.Find(key)!.RealizedPnl);
        Assert.Equal(ledger.Find(key)!.RealizedPnl, a.RealizedPnl + b.RealizedPnl);

        exchange = book.ExchangePositions().Single();
        Assert.False(exchange.IsOpen);
        Assert.Equal(0m, exchange.CurrentQuantity);
        Assert.All(book.Contributions(), c => Assert.Equal("closed", c.Status));
    }
}
