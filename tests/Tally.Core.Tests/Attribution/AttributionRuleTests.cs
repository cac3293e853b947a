using Tally.Core.Attribution;

namespace Tally.Core.Tests.Attribution;

/// <summary>Each attribution rule of DESIGN.md §3 with numbers computed by hand.</summary>
public class AttributionRuleTests
{
    private const string Eth = Instruments.EthPerp;

    private readonly Ledger _ledger = Instruments.Ledger();

    private AttributionBook _book = new();

    [Fact]
    public void Fills_of_one_entry_order_are_one_strategy_position_at_their_weighted_price()
    {
        Enter("S", "o-1", Buy(Eth, 1m, 3000m, fee: 1.5m));
        Enter("S", "o-1", Buy(Eth, 0.5m, 3100m, fee: 0.75m));

        // (3000 + 1550) / 1.5 = 3033.33…; both entry fees belong to it
        var position = Assert.Single(_book.StrategyPositions());
        Assert.Equal(1.5m, position.EntryQuantity);
        Assert.Equal(1.5m, position.OpenQuantity);
        Assert.Equal(3033.3333m, Math.Round(position.EntryPrice, 4));
        Assert.Equal(2.25m, position.Fees);
        Assert.Equal(-2.25m, position.NetPnl);
        Assert.Equal(StrategyPositionStatus.Open, position.Status);
    }

    [Fact]
    public void A_partial_exit_leaves_the_position_partial_and_realizes_against_its_own_entry()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m));
        Enter("B", "b", Buy(Eth, 1m, 3200m));

        // A sells 0.4 @ 3300: (3300 − 3000)·0.4 = 120 (the ledger's average 3100 would give 80)
        var outcome = Exit("a", CloseReason.Signal, Sell(Eth, 0.4m, 3300m));
        Assert.Equal(80m, outcome.RealizedPnl);
        var a = Find("a");
        Assert.Equal(StrategyPositionStatus.Partial, a.Status);
        Assert.Equal(0.6m, a.OpenQuantity);
        Assert.Equal(120m, a.RealizedPnl);
        Assert.Equal(10m, a.RealizedPnlPct);
        Assert.Equal(CloseReason.Signal, a.CloseReason);
        Assert.Equal("active", _book.Contributions()[0].Status);
        Assert.Equal(1m, _book.Contributions()[0].ContributionQuantity);
    }

    [Fact]
    public void An_exit_for_a_strategy_reduces_its_positions_oldest_first()
    {
        Enter("A", "a1", Buy(Eth, 1m, 3000m, minute: 0));
        Enter("B", "b1", Buy(Eth, 1m, 3000m, minute: 1));
        Enter("A", "a2", Buy(Eth, 1m, 3100m, minute: 2));

        _book.Apply(_ledger, Sell(Eth, 1.5m, 3200m, minute: 3), new OrderPurpose.ExitStrategy("A", CloseReason.Signal));

        // a1 closes (+200), a2 gives 0.5 (+50), B untouched
        Assert.Equal((0m, 200m), (Find("a1").OpenQuantity, Find("a1").RealizedPnl));
        Assert.Equal((0.5m, 50m), (Find("a2").OpenQuantity, Find("a2").RealizedPnl));
        Assert.Equal((1m, 0m), (Find("b1").OpenQuantity, Find("b1").RealizedPnl));
    }

    [Fact]
    public void An_exit_larger_than_what_it_names_closes_that_first_and_spreads_the_rest_oldest_first()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m, minute: 0));
        Enter("B", "b", Buy(Eth, 1m, 3100m, minute: 1));
        Enter("C", "c", Buy(Eth, 1m, 3200m, minute: 2));

        Exit("c", CloseReason.StopLoss, Sell(Eth, 1.5m, 2900m, minute: 3));

        // c closes (2900 − 3200 = −300), the excess 0.5 goes to the oldest, a: (2900 − 3000)·0.5 = −50
        Assert.Equal((0m, -300m), (Find("c").OpenQuantity, Find("c").RealizedPnl));
        Assert.Equal((0.5m, -50m), (Find("a").OpenQuantity, Find("a").RealizedPnl));
        Assert.Equal(CloseReason.StopLoss, Find("a").CloseReason);
        Assert.Equal(1m, Find("b").OpenQuantity);
    }

    [Fact]
    public void A_manual_close_on_the_venue_is_spread_fifo_by_default()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m, minute: 0));
        Enter("B", "b", Buy(Eth, 2m, 3300m, minute: 1));

        _book.Apply(_ledger, Sell(Eth, 1.5m, 3400m, minute: 2), new OrderPurpose.Unplaced(CloseReason.Manual));

        // a closes: 3400 − 3000 = +400; b gives 0.5: (3400 − 3300)·0.5 = +50
        Assert.Equal((0m, 400m, CloseReason.Manual), (Find("a").OpenQuantity, Find("a").RealizedPnl, Find("a").CloseReason!.Value));
        Assert.Equal((1.5m, 50m), (Find("b").OpenQuantity, Find("b").RealizedPnl));
    }

    [Fact]
    public void Pro_rata_spreads_an_unplaced_exit_by_open_quantity()
    {
        _book = new AttributionBook(AttributionPolicy.ProRata);
        Enter("A", "a", Buy(Eth, 1m, 3000m, minute: 0));
        Enter("B", "b", Buy(Eth, 2m, 3300m, minute: 1));

        _book.Apply(_ledger, Sell(Eth, 1.5m, 3400m, minute: 2), new OrderPurpose.Unplaced(CloseReason.Liquidation));

        // a gives 1.5·1/3 = 0.5: (3400 − 3000)·0.5 = +200; b gives 1.0: (3400 − 3300)·1 = +100
        Assert.Equal((0.5m, 200m), (Find("a").OpenQuantity, Find("a").RealizedPnl));
        Assert.Equal((1m, 100m), (Find("b").OpenQuantity, Find("b").RealizedPnl));
        Assert.All(_book.StrategyPositions(), p => Assert.Equal(CloseReason.Liquidation, p.CloseReason));
    }

    [Fact]
    public void Pro_rata_shares_that_do_not_divide_evenly_still_add_up_to_the_exit()
    {
        _book = new AttributionBook(AttributionPolicy.ProRata);
        Enter("A", "a", Buy(Eth, 1m, 3000m));
        Enter("B", "b", Buy(Eth, 1m, 3000m));
        Enter("C", "c", Buy(Eth, 1m, 3000m));

        _book.Apply(_ledger, Sell(Eth, 1m, 3000m), new OrderPurpose.Unplaced(CloseReason.Adl));

        // 1/3 each, cut to 18 places; the leftover 1e-18 goes to the oldest
        var open = _book.StrategyPositions().Select(p => p.OpenQuantity).ToList();
        Assert.Equal(2m, open.Sum());
        Assert.Equal(0.666666666666666666m, open[0]);
        Assert.Equal(0.666666666666666667m, open[1]);
    }

    [Fact]
    public void An_exit_fee_is_split_over_the_quantities_it_closed()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m, fee: 1.2m, minute: 0));
        Enter("B", "b", Buy(Eth, 3m, 3000m, fee: 3.6m, minute: 1));

        // 2 sold with fee 2.4 by hand: fifo closes a (1 → 1.2 of the fee) and 1 of b (1.2)
        _book.Apply(_ledger, Sell(Eth, 2m, 3000m, fee: 2.4m, minute: 2), new OrderPurpose.Unplaced(CloseReason.Manual));

        Assert.Equal(1.2m + 1.2m, Find("a").Fees);
        Assert.Equal(3.6m + 1.2m, Find("b").Fees);
        Assert.Equal(_ledger.Find(Key(Eth))!.SettlementFees, _book.StrategyPositions().Sum(p => p.Fees));
    }

    [Fact]
    public void An_opposite_entry_in_one_way_mode_closes_the_others_and_opens_its_own_side()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m, fee: 0.3m, minute: 0));

        // B sells 3 @ 3100 with fee 0.9: 1 closes A (+100, fee 0.3), 2 open B's short (fee 0.6)
        Enter("B", "b", Sell(Eth, 3m, 3100m, fee: 0.9m, minute: 1));

        var a = Find("a");
        Assert.Equal((StrategyPositionStatus.Closed, 100m, CloseReason.OppositeSignal), (a.Status, a.RealizedPnl, a.CloseReason!.Value));
        Assert.Equal(0.6m, a.Fees);
        var b = Find("b");
        Assert.Equal((PositionDirection.Short, 2m, 3100m, 0.6m), (b.Side, b.OpenQuantity, b.EntryPrice, b.Fees));
        Assert.Equal(2, b.Cycle);
        Assert.Equal(1, b.Sequence);
        Assert.Equal("ETHUSDT_SHORT", b.ExchangePositionKey);

        var exchange = _book.ExchangePositions();
        Assert.Equal(["ETHUSDT_LONG", "ETHUSDT_SHORT"], exchange.Select(e => e.ExchangePositionKey));
        Assert.False(exchange[0].IsOpen);
        Assert.True(exchange[1].IsOpen);
        Assert.Equal(["B"], exchange[1].ContributingStrategies);
    }

    [Fact]
    public void A_fill_from_an_order_nobody_placed_opens_a_manual_position()
    {
        var fill = Buy(Eth, 1m, 3000m) with { OrderId = "9001" };
        _book.Apply(_ledger, fill, new OrderPurpose.Unplaced(CloseReason.Manual));

        var position = Assert.Single(_book.StrategyPositions());
        Assert.Equal((AttributionBook.ManualStrategy, "9001"), (position.StrategyId, position.StrategyPositionId));
    }

    [Fact]
    public void An_order_reference_seen_again_after_its_position_closed_starts_a_new_position()
    {
        Enter("A", "x", Buy(Eth, 1m, 3000m));
        Exit("x", CloseReason.TakeProfit, Sell(Eth, 1m, 3100m));
        Enter("A", "x", Buy(Eth, 1m, 3200m));

        Assert.Equal(["x", "x#2"], _book.StrategyPositions().Select(p => p.StrategyPositionId));
        Assert.Equal(StrategyPositionStatus.Open, Find("x#2").Status);
    }

    [Fact]
    public void Funding_is_split_over_open_positions_by_quantity()
    {
        Enter("A", "a", Buy(Eth, 1m, 3000m));
        Enter("B", "b", Buy(Eth, 3m, 3000m));

        // −2 USDT paid: a 1/4 → −0.5, b 3/4 → −1.5
        _book.ApplyFunding(_ledger, Key(Eth), -2m, "USDT", At(5));

        Assert.Equal(-0.5m, Find("a").Funding.AmountOf("USDT"));
        Assert.Equal(-1.5m, Find("b").Funding.AmountOf("USDT"));
    }

    [Fact]
    public void Inverse_contributions_realize_in_base_against_their_own_entry()
    {
        var inverse = Instruments.BtcInverse;
        Enter("A", "a", Buy(inverse, 10m, 40_000m));
        Enter("B", "b", Buy(inverse, 10m, 50_000m));

        // a: 10 contracts × 100 USD: 1000/40,000 − 1000/50,000 = 0.025 − 0.02 = +0.005 BTC
        Exit("a", CloseReason.TakeProfit, Sell(inverse, 10m, 50_000m));
        Assert.Equal(0.005m, Find("a").RealizedPnl);
        Assert.Equal(50_000m, Find("a").ExitPrice);
        Assert.Equal(40_000m, Find("a").EntryPrice);
    }

    [Fact]
    public void A_short_strategy_position_mirrors_the_pnl()
    {
        Enter("A", "a", Sell(Eth, 2m, 3000m, positionSide: PositionSide.Short), PositionSide.Short);

        Exit("a", CloseReason.StopLoss, Buy(Eth, 2m, 3150m, positionSide: PositionSide.Short));

        // (3000 − 3150)·2 = −300, −5 %
        var a = Find("a");
        Assert.Equal((PositionDirection.Short, -300m, -5m), (a.Side, a.RealizedPnl, a.RealizedPnlPct!.Value));
        Assert.Equal("ETHUSDT_SHORT", a.ExchangePositionKey);
    }

    [Fact]
    public void A_hedge_reduce_on_a_flat_side_keeps_its_fee_unattributed()
    {
        _book.Apply(_ledger, Sell(Eth, 1m, 3000m, fee: 0.5m, positionSide: PositionSide.Long), new OrderPurpose.Unplaced(CloseReason.Manual));

        Assert.Empty(_book.StrategyPositions());
        Assert.Equal(0.5m, _book.UnattributedFees(Key(Eth, PositionSide.Long)).AmountOf("USDT"));
    }

    [Fact]
    public void An_exit_naming_an_unknown_strategy_position_is_refused_and_changes_nothing()
    {
        var fill = Sell(Eth, 1m, 3000m);
        var purpose = new OrderPurpose.ExitPosition("nope", CloseReason.TakeProfit);

        Assert.Equal("strategy position nope is unknown on default/default/ETHUSDT", _book.Check(fill, purpose));
        Assert.Throws<ArgumentException>(() => _book.Apply(_ledger, fill, purpose));
        Assert.Null(_ledger.Find(Key(Eth)));
    }

    private FillOutcome Enter(string strategy, string order, Fill fill, PositionSide side = PositionSide.Both) =>
        _book.Apply(_ledger, fill with { PositionSide = side }, new OrderPurpose.Entry(strategy, order));

    private FillOutcome Exit(string position, CloseReason reason, Fill fill) =>
        _book.Apply(_ledger, fill, new OrderPurpose.ExitPosition(position, reason));

    private StrategyPosition Find(string id) => _book.Find("default", "default", Eth, id) ?? _book.Find("default", "default", Instruments.BtcInverse, id)!;
}
