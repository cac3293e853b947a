using Tally.Core.Attribution;

namespace Tally.Core.Tests.Attribution;

public class StrategySummaryTests
{
    [Fact]
    public void Summary_counts_hits_wins_and_computes_profit_factor_and_expectancy_by_hand()
    {
        var ledger = Instruments.Ledger();
        var book = new AttributionBook();
        const string Eth = Instruments.EthPerp;

        // A: +100 (TP, fee 1 → net 99), −50 (SL, fee 1 → net −51), one still open; B: one TP +30 (no fee)
        book.Apply(ledger, Buy(Eth, 1m, 1000m, fee: 0.5m), new OrderPurpose.Entry("A", "a1"));
        book.Apply(ledger, Sell(Eth, 1m, 1100m, fee: 0.5m), new OrderPurpose.ExitPosition("a1", CloseReason.TakeProfit));
        book.Apply(ledger, Buy(Eth, 1m, 1000m, fee: 0.5m), new OrderPurpose.Entry("A", "a2"));
        book.Apply(ledger, Sell(Eth, 1m, 950m, fee: 0.5m), new OrderPurpose.ExitPosition("a2", CloseReason.StopLoss));
        book.Apply(ledger, Buy(Eth, 1m, 1000m), new OrderPurpose.Entry("B", "b1"));
        book.Apply(ledger, Sell(Eth, 1m, 1030m), new OrderPurpose.ExitPosition("b1", CloseReason.TakeProfit));
        book.Apply(ledger, Buy(Eth, 2m, 1000m), new OrderPurpose.Entry("A", "a3"));

        var summaries = StrategySummary.Of(book.StrategyPositions());

        var a = summaries[0];
        Assert.Equal(("A", 3, 2, 1, 1, 1), (a.StrategyId, a.Positions, a.Closed, a.TakeProfitHits, a.StopLossHits, a.Wins));
        Assert.Equal(0.5m, a.WinRate);
        Assert.Equal((50m, 2m, 48m), (a.RealizedPnl, a.Fees, a.NetPnl));
        Assert.Equal(2.5m, a.AveragePnlPct);           // (+10 % − 5 %) / 2
        Assert.Equal(99m / 51m, a.ProfitFactor);       // 99 / |−51|
        Assert.Equal(24m, a.Expectancy);               // (99 − 51) / 2

        var b = summaries[1];
        Assert.Equal(("B", 1, 1m, 30m), (b.StrategyId, b.TakeProfitHits, b.WinRate!.Value, b.NetPnl));
        Assert.Null(b.ProfitFactor);
    }
}
