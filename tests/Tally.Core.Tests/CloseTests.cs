namespace Tally.Core.Tests;

public class CloseTests
{
    private static (Ledger Ledger, FillOutcome Close) BuyTwiceThenClose()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.04m, minute: 0));
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 120m, fee: 0.05m, minute: 1));
        var close = ledger.Apply(Sell(Instruments.EthPerp, 2m, 130m, fee: 0.11m, minute: 2));
        return (ledger, close);
    }

    [Fact]
    public void Close_realizes_the_rest_against_the_average_entry()
    {
        var (_, close) = BuyTwiceThenClose();

        // C = 100 + 120 = 220; exit value 130·2 = 260; realized 260 − 220 = 40
        Assert.Equal(PositionAction.LongClosed, close.Action);
        Assert.Equal(40m, close.RealizedPnl);
        Assert.Equal(0m, close.SignedQuantityAfter);
        Assert.Null(close.AverageEntryPriceAfter);
    }

    [Fact]
    public void Close_resets_the_position_state()
    {
        var (ledger, _) = BuyTwiceThenClose();

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        Assert.False(position.IsOpen);
        Assert.Equal(PositionDirection.Flat, position.Direction);
        Assert.Equal(0m, position.SignedQuantity);
        Assert.Equal(0m, position.CostBasis);
        Assert.Null(position.AverageEntryPrice);
        Assert.Null(position.OpenedAt);
        Assert.Empty(position.Entries);
        Assert.Null(position.CurrentCycle());
        Assert.Equal(1, position.ClosedCycles);
        Assert.Equal(1, position.CycleCount);
    }

    [Fact]
    public void Close_keeps_the_realized_pnl_and_fees_of_the_key()
    {
        var (ledger, _) = BuyTwiceThenClose();

        var position = ledger.Find(Key(Instruments.EthPerp))!;

        // fees 0.04 + 0.05 + 0.11 = 0.20 USDT; net 40 − 0.20 = 39.80
        Assert.Equal(40m, position.RealizedPnl);
        Assert.Equal(0.20m, position.SettlementFees);
        Assert.Equal(39.80m, position.NetPnl);
        Assert.Equal(0.20m, position.Fees.AmountOf("USDT"));
    }

    [Fact]
    public void Close_returns_the_summary_of_the_cycle_it_ended()
    {
        var (_, close) = BuyTwiceThenClose();

        var cycle = close.ClosedCycle!;

        Assert.Equal(Key(Instruments.EthPerp), cycle.Key);
        Assert.Equal(1, cycle.Number);
        Assert.Equal(PositionDirection.Long, cycle.Side);
        Assert.True(cycle.IsClosed);
        Assert.Equal(At(0), cycle.OpenedAt);
        Assert.Equal(At(2), cycle.ClosedAt);
        Assert.Equal(110m, cycle.AverageEntryPrice); // 220 / 2
        Assert.Equal(130m, cycle.AverageExitPrice);
        Assert.Equal(2m, cycle.PeakQuantity);
        Assert.Equal(40m, cycle.RealizedPnl);
        Assert.Equal(0.20m, cycle.Fees.AmountOf("USDT"));
        Assert.Equal(39.80m, cycle.NetPnl);
        Assert.Equal(20m / 110m, cycle.RealizedReturn); // (130 − 110) / 110 = 0.1818…
    }

    [Fact]
    public void The_fill_after_a_close_opens_the_next_cycle_from_scratch()
    {
        var (ledger, _) = BuyTwiceThenClose();

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 0.5m, 150m, fee: 0.01m, minute: 3));

        Assert.Equal(PositionAction.LongOpened, outcome.Action);
        Assert.Equal(150m, outcome.AverageEntryPriceAfter); // not mixed with the last cycle's 110
        var position = ledger.Find(Key(Instruments.EthPerp))!;
        Assert.Equal(At(3), position.OpenedAt);
        var cycle = position.CurrentCycle()!;
        Assert.Equal(2, cycle.Number);
        Assert.Equal(At(3), cycle.OpenedAt);
        Assert.Equal(0.5m, cycle.PeakQuantity);
        Assert.Equal(0m, cycle.RealizedPnl);
        Assert.Equal(0.01m, cycle.Fees.AmountOf("USDT")); // the last cycle's 0.20 does not carry over
        Assert.Equal(-0.01m, cycle.NetPnl);
        Assert.Single(position.Entries);
    }

    [Fact]
    public void Closing_a_short_realizes_entry_minus_exit()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 2m, 100m));

        var outcome = ledger.Apply(Buy(Instruments.EthPerp, 2m, 120m));

        // (100 − 120)·2 = −40
        Assert.Equal(PositionAction.ShortClosed, outcome.Action);
        Assert.Equal(-40m, outcome.RealizedPnl);
        Assert.Equal(PositionDirection.Short, outcome.ClosedCycle!.Side);
        Assert.False(ledger.Find(Key(Instruments.EthPerp))!.IsOpen);
    }

    [Fact]
    public void Full_cycle_realizes_exactly_what_was_sold_less_what_was_bought()
    {
        // Found by RealizedPnlProperties.Flat_linear_position_has_realized_exactly_sells_less_buys.
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 2.911m, 1959.32m)); // pays 5703.58052
        ledger.Apply(Buy(Instruments.EthPerp, 3m, 2976.64m));     // pays 8929.92     → 14633.50052
        var reduce = ledger.Apply(Sell(Instruments.EthPerp, 2.085m, 2685.55m)); // gets 5599.37175

        var close = ledger.Apply(Sell(Instruments.EthPerp, 3.826m, 1234.56m));  // gets 4723.42656 → 10322.79831

        // 10322.79831 − 14633.50052 = −4310.70221, with no rounding left behind (DESIGN.md §2, Position remarks)
        Assert.Equal(PositionAction.LongClosed, close.Action);
        Assert.Equal(-4310.70221m, close.ClosedCycle!.RealizedPnl);
        Assert.Equal(-4310.70221m, ledger.Find(Key(Instruments.EthPerp))!.RealizedPnl);
        Assert.Equal(-4310.70221m, Math.Round(reduce.RealizedPnl + close.RealizedPnl, 20));
    }
}
