using Tally.Core.Attribution;

namespace Tally.Core.Tests.Attribution;

/// <summary>Take-profit and stop-loss given as fractions of the entry (converted at the fill), and the book's change tracking.</summary>
public class AttributionFractionTests
{
    private const string Eth = Instruments.EthPerp;

    private readonly Ledger _ledger = Instruments.Ledger();
    private readonly AttributionBook _book = new();

    [Fact]
    public void Fractions_on_a_long_become_entry_times_one_plus_tp_and_one_minus_sl_following_the_weighted_entry()
    {
        var entry = new OrderPurpose.Entry("A", "a", TakeProfitPct: 0.05m, StopLossPct: 0.02m);

        _book.Apply(_ledger, Buy(Eth, 1m, 3000m), entry);

        // 3000 × 1.05 = 3150; 3000 × 0.98 = 2940
        var first = _book.Find("default", "default", Eth, "a")!;
        Assert.Equal((3150m, 2940m), (first.TakeProfitPrice, first.StopLossPrice));

        // A second fill of the order at 3300: entry (3000 + 3300) / 2 = 3150 → TP 3307.5, SL 3087
        _book.Apply(_ledger, Buy(Eth, 1m, 3300m, minute: 1), entry);
        var both = _book.Find("default", "default", Eth, "a")!;
        Assert.Equal((3307.5m, 3087m), (both.TakeProfitPrice, both.StopLossPrice));
    }

    [Fact]
    public void Fractions_on_a_short_are_mirrored_and_an_absolute_level_wins_over_its_fraction()
    {
        _book.Apply(_ledger, Sell(Eth, 2m, 2000m), new OrderPurpose.Entry("S", "s", TakeProfit: 1700m, TakeProfitPct: 0.10m, StopLossPct: 0.03m));

        // TP given absolutely: 1700 (not 2000 × 0.90 = 1800); SL 2000 × 1.03 = 2060
        var position = _book.Find("default", "default", Eth, "s")!;
        Assert.Equal((1700m, 2060m), (position.TakeProfitPrice, position.StopLossPrice));
    }

    [Fact]
    public void The_book_reports_what_each_fill_did_and_hands_out_changed_positions_once()
    {
        _book.Apply(_ledger, Buy(Eth, 1m, 3000m), new OrderPurpose.Entry("A", "a"));
        _book.Apply(_ledger, Buy(Eth, 1m, 3100m, minute: 1), new OrderPurpose.Entry("B", "b"));
        var (positions, exchanges) = _book.TakeChanged();
        Assert.Equal(["a", "b"], positions.Select(p => p.StrategyPositionId));
        Assert.Equal("ETHUSDT_LONG", Assert.Single(exchanges).ExchangePositionKey);

        // A manual sell of 1.5, FIFO: closes a (1) and takes 0.5 of b.
        _book.Apply(_ledger, Sell(Eth, 1.5m, 3200m, minute: 2), new OrderPurpose.Unplaced(CloseReason.Manual));

        var changes = _book.LastApplied;
        Assert.Equal([("a", false, 0m, 1m, StrategyPositionStatus.Closed), ("b", false, 0m, 0.5m, StrategyPositionStatus.Partial)], changes.Select(c => (c.Position.StrategyPositionId, c.Opened, c.Entered, c.Exited, c.Position.Status)));
        Assert.Equal(["a", "b"], _book.TakeChanged().Positions.Select(p => p.StrategyPositionId));
        Assert.Empty(_book.TakeChanged().Positions);
    }
}
