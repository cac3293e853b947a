using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// Signals through <see cref="Tally.Engine.Dispatch.ISignalIntake"/> to the paper exchange and back over the
/// user-data stream into a real SQLite fill log: decisions, sizing, intents, TP/SL on the algo-order endpoint.
/// </summary>
public sealed class SignalDispatcherTests
{
    private const string Key = "BTCUSDT_LONG";

    [Fact]
    public async Task The_worked_example_of_design_section_3_runs_end_to_end_in_hedge_mode_with_tp_and_sl_triggered_by_the_exchange()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);

        // A buys 0.001 @ 45,000 (TP 48,000, SL 43,000).
        var a = await x.SubmitAsync(x.Signal("sig-a", "A", SignalAction.Buy, 0.8m, quantity: 0.001m, takeProfit: 48_000m, stopLoss: 43_000m));
        Assert.True(a.Decision.Accepted, a.Decision.Reason);
        Assert.False(a.Repeated);
        var aId = a.ClientOrderId!;
        Assert.Matches("^t-test-[0-9]+$", aId);
        await x.UntilProtectedAsync(aId, algoOrders: 2);

        // B buys 0.002 @ 46,000 (TP 49,000, SL 44,000): accumulating on the same side.
        await x.MovePriceAsync(46_000m);
        var b = await x.SubmitAsync(x.Signal("sig-b", "B", SignalAction.Buy, 0.7m, quantity: 0.002m, takeProfit: 49_000m, stopLoss: 44_000m));
        Assert.True(b.Decision.Accepted, b.Decision.Reason);
        var bId = b.ClientOrderId!;
        await x.UntilProtectedAsync(bId, algoOrders: 4);
        var key = Assert.Single(await x.Log.ExchangePositionsAsync(CancellationToken.None));
        Assert.Equal(Key, key.ExchangePositionKey);
        Assert.Equal(0.003m, key.CurrentQuantity);
        Assert.Equal(45_666.67m, Math.Round(key.WeightedAvgPrice!.Value, 2));
        Assert.Equal(2, (await x.Log.ContributionsAsync(Key, CancellationToken.None)).Count);

        // Price reaches 48,000: the exchange triggers A's take-profit; A's stop is cancelled, B keeps both.
        await x.MovePriceAsync(48_000m);
        await x.UntilClosedAsync(aId);
        await x.UntilAsync(() => Task.FromResult(x.OpenAlgoOrders == 2), "A's stop cancelled");
        var aClosed = (await x.PositionAsync(aId))!;
        Assert.Equal(CloseReason.TakeProfit, aClosed.CloseReason);
        Assert.Equal(3.00m, aClosed.RealizedPnl);
        Assert.Equal(6.67m, Math.Round(aClosed.RealizedPnlPct!.Value, 2));
        Assert.Equal(48_000m, aClosed.ExitPrice);
        var bOpen = (await x.PositionAsync(bId))!;
        Assert.Equal(StrategyPositionStatus.Open, bOpen.Status);
        Assert.Equal(0.002m, (await x.Log.ExchangePositionsAsync(CancellationToken.None)).Single().CurrentQuantity);

        // Price falls to 44,000: B's stop; its take-profit is cancelled.
        await x.MovePriceAsync(44_000m);
        await x.UntilClosedAsync(bId);
        await x.UntilAsync(() => Task.FromResult(x.OpenAlgoOrders == 0), "B's take-profit cancelled");
        var bClosed = (await x.PositionAsync(bId))!;
        Assert.Equal(CloseReason.StopLoss, bClosed.CloseReason);
        Assert.Equal(-4.00m, bClosed.RealizedPnl);
        Assert.Equal(-4.35m, Math.Round(bClosed.RealizedPnlPct!.Value, 2));

        // The cycle realized −1.00, as the ledger does once the key is flat.
        var contributions = await x.Log.ContributionsAsync(Key, CancellationToken.None);
        Assert.Equal([("A", 3.00m, CloseReason.TakeProfit), ("B", -4.00m, CloseReason.StopLoss)], contributions.OrderBy(c => c.PositionSequence).Select(c => (c.StrategyId, c.ContributionPnl, c.CloseReason!.Value)));
        Assert.False((await x.Log.ExchangePositionsAsync(CancellationToken.None)).Single().IsOpen);
        var cycle = (await x.Log.ReadCyclesAsync(CancellationToken.None)).Single(c => c.Key.PositionSide == PositionSide.Long);
        Assert.True(cycle.IsClosed);
        Assert.Equal(-1.00m, cycle.RealizedPnl);

        // Every order went out as an intent first: entries, two TPs and two SLs; the triggered ones are marked so.
        var intents = await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None);
        Assert.Equal(6, intents.Count);
        Assert.Equal(2, intents.Count(i => i.Kind == OrderIntentKind.TakeProfitMarket));
        Assert.Contains(intents, i => i.Kind == OrderIntentKind.TakeProfitMarket && i.Status == OrderIntentStatus.Triggered && i.Purpose == new OrderPurpose.ExitPosition(aId, CloseReason.TakeProfit));
        Assert.Contains(intents, i => i.Kind == OrderIntentKind.StopMarket && i.Status == OrderIntentStatus.Triggered && i.Purpose == new OrderPurpose.ExitPosition(bId, CloseReason.StopLoss));
        Assert.Equal(2, intents.Count(i => i.Status == OrderIntentStatus.Canceled));
        Assert.All(intents.Where(i => i.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket), i => Assert.False(i.ReduceOnly));
        Assert.All(intents, i => Assert.Equal(PositionSide.Long, i.PositionSide));

        Assert.Equal(2, x.Measured("tradeengine_strategy_positions_opened_total"));
        Assert.Equal(1, x.Measured("tradeengine_strategy_positions_closed_total|close_reason=take_profit"));
        Assert.Equal(1, x.Measured("tradeengine_strategy_positions_closed_total|close_reason=stop_loss"));
        Assert.Equal(2, x.Measured("tradeengine_signals_total|decision=accepted"));
        var verify = await x.Log.VerifyAsync(CancellationToken.None);
        Assert.True(verify.Differences.Count == 0, string.Join("\n", verify.Differences));
    }

    [Fact]
    public async Task In_one_way_mode_a_stronger_opposite_signal_trades_against_the_net_position_and_a_weaker_one_is_rejected()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay);
        var a = await x.SubmitAsync(x.Signal("a-1", "A", SignalAction.Buy, 0.6m, quantity: 0.002m, takeProfit: 50_000m, stopLoss: 40_000m));
        await x.UntilProtectedAsync(a.ClientOrderId!, algoOrders: 2);

        var b = await x.SubmitAsync(x.Signal("b-1", "B", SignalAction.Sell, 0.9m, quantity: 0.003m));

        Assert.True(b.Decision.Accepted, b.Decision.Reason);
        Assert.Equal("a-1", b.Decision.ConflictsWith);
        await x.UntilClosedAsync(a.ClientOrderId!);
        var aClosed = (await x.PositionAsync(a.ClientOrderId!))!;
        Assert.Equal(CloseReason.OppositeSignal, aClosed.CloseReason);
        await x.UntilAsync(async () => await x.PositionAsync(b.ClientOrderId!) is { OpenQuantity: 0.001m, Side: PositionDirection.Short }, "B short 0.001");
        await x.UntilAsync(() => Task.FromResult(x.OpenAlgoOrders == 0), "A's TP and SL cancelled");
        var exits = (await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None)).Where(i => i.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket).ToList();
        Assert.All(exits, i => Assert.True(i.ReduceOnly));
        Assert.All(exits, i => Assert.Equal(PositionSide.Both, i.PositionSide));

        var weaker = await x.SubmitAsync(x.Signal("c-1", "C", SignalAction.Buy, 0.7m, quantity: 0.001m));

        Assert.False(weaker.Decision.Accepted);
        Assert.Equal("b-1", weaker.Decision.ConflictsWith);
        Assert.Contains("not stronger than active opposite signal b-1", weaker.Decision.Reason, StringComparison.Ordinal);
        Assert.Null(weaker.ClientOrderId);
        Assert.Equal(1, x.Measured("tradeengine_signals_total|decision=rejected"));
    }

    [Fact]
    public async Task Accumulating_stops_at_max_accumulations()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay, new SignalSettings(MaxAccumulations: 2));

        var first = await x.SubmitAsync(x.Signal("s-1", "A", SignalAction.Buy, 0.5m, quantity: 0.001m));
        var second = await x.SubmitAsync(x.Signal("s-2", "B", SignalAction.Buy, 0.5m, quantity: 0.001m));
        var third = await x.SubmitAsync(x.Signal("s-3", "C", SignalAction.Buy, 0.9m, quantity: 0.001m));

        Assert.True(first.Decision.Accepted);
        Assert.True(second.Decision.Accepted, second.Decision.Reason);
        Assert.False(third.Decision.Accepted);
        Assert.StartsWith("MAX_ACCUMULATIONS reached: 2 open LONG positions (max 2)", third.Decision.Reason, StringComparison.Ordinal);
        await x.UntilAsync(async () => (await x.PositionsAsync()).Count == 2, "two strategy positions");
        var stored = await x.Log.FindSignalAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, "s-3", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.False(stored.Decision.Accepted);
    }

    [Fact]
    public async Task Strongest_wins_rejects_a_same_direction_signal_that_is_not_stronger()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge, new SignalSettings(SameDirection: SameDirectionPolicy.StrongestWins));

        var strong = await x.SubmitAsync(x.Signal("s-1", "A", SignalAction.Buy, 0.7m, quantity: 0.001m));
        var tie = await x.SubmitAsync(x.Signal("s-2", "B", SignalAction.Buy, 0.7m, quantity: 0.001m));
        var stronger = await x.SubmitAsync(x.Signal("s-3", "C", SignalAction.Buy, 0.8m, quantity: 0.001m));

        Assert.True(strong.Decision.Accepted);
        Assert.False(tie.Decision.Accepted);
        Assert.Equal("s-1", tie.Decision.ConflictsWith);
        Assert.Contains("not stronger than active same-direction signal s-1", tie.Decision.Reason, StringComparison.Ordinal);
        Assert.True(stronger.Decision.Accepted, stronger.Decision.Reason);
    }

    [Fact]
    public async Task A_repeated_signal_id_gets_its_first_decision_and_sends_nothing_again()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);
        var signal = x.Signal("once", "A", SignalAction.Buy, 0.5m, quantity: 0.001m);

        var first = await x.SubmitAsync(signal);
        // Naming no account, it still reaches the only one running.
        var again = await x.SubmitAsync(signal with { Confidence = 0.1m, Quantity = 0.5m, Venue = Fill.DefaultVenue, Account = Fill.DefaultAccount });

        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(first.Decision, again.Decision);
        Assert.Equal(first.ClientOrderId, again.ClientOrderId);
        await x.UntilAsync(async () => (await x.PositionsAsync()).Count == 1, "one strategy position");
        Assert.Single(await x.Exchange.ExchangeTradesAsync(DispatchFixture.Symbol));
        Assert.Single(await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None));
        Assert.Equal(1, x.Measured("tradeengine_signals_total|decision=accepted"));
    }

    [Fact]
    public async Task A_quantity_below_the_venues_minimum_is_rejected_as_too_small_and_a_size_fraction_is_rounded_down_to_the_step()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);

        var dust = await x.SubmitAsync(x.Signal("dust", "A", SignalAction.Buy, 0.5m, quantity: 0.0009m));
        var belowNotional = await x.SubmitAsync(x.Signal("tiny", "A", SignalAction.Buy, 0.5m, sizeFraction: 0.00001m));
        var sized = await x.SubmitAsync(x.Signal("sized", "A", SignalAction.Buy, 0.5m, sizeFraction: 0.01m));

        Assert.False(dust.Decision.Accepted);
        Assert.StartsWith("too small", dust.Decision.Reason, StringComparison.Ordinal);
        Assert.False(belowNotional.Decision.Accepted);
        Assert.StartsWith("too small", belowNotional.Decision.Reason, StringComparison.Ordinal);
        Assert.Null(dust.ClientOrderId);

        // 1 % of 10,000 USDT available × leverage 20 / 45,000 = 0.04444… → 0.044.
        Assert.True(sized.Decision.Accepted, sized.Decision.Reason);
        var intent = await x.Log.FindIntentAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, sized.ClientOrderId!, CancellationToken.None);
        Assert.Equal(0.044m, intent!.Quantity);
        Assert.Single(await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None));
        Assert.Equal("too small", (await x.Log.FindSignalAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, "dust", CancellationToken.None))!.Decision.Reason[..9]);
    }

    [Fact]
    public async Task A_close_signal_exits_the_strategys_positions_and_a_manual_close_on_the_exchange_is_attributed_with_reason_manual()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);
        var a = await x.SubmitAsync(x.Signal("a-1", "A", SignalAction.Buy, 0.5m, quantity: 0.002m, takeProfit: 50_000m, stopLoss: 40_000m));
        var b = await x.SubmitAsync(x.Signal("b-1", "B", SignalAction.Buy, 0.5m, quantity: 0.001m));
        await x.UntilProtectedAsync(a.ClientOrderId!, algoOrders: 2);
        await x.UntilAsync(async () => await x.PositionAsync(b.ClientOrderId!) is not null, "B open");

        // Somebody sells 0.002 of the long book by hand on the venue: not Tally's order.
        await x.Exchange.Client.PlaceOrderAsync(
            new BinanceOrderRequest(DispatchFixture.Symbol, Side.Sell, BinanceOrderType.Market, 0.002m, "by-hand-1", PositionSide: PositionSide.Long), CancellationToken.None);

        // FIFO: the oldest contribution (A) is closed, reason manual; its TP and SL go with it.
        await x.UntilClosedAsync(a.ClientOrderId!);
        Assert.Equal(CloseReason.Manual, (await x.PositionAsync(a.ClientOrderId!))!.CloseReason);
        await x.UntilAsync(() => Task.FromResult(x.OpenAlgoOrders == 0), "A's TP and SL cancelled");
        Assert.Equal(1, x.Measured("tradeengine_strategy_positions_closed_total|close_reason=manual"));

        // B closes by signal: one reduce-only-by-side market exit for its open quantity.
        var close = await x.SubmitAsync(x.Signal("b-close", "B", SignalAction.Close, 0.5m));
        Assert.True(close.Decision.Accepted, close.Decision.Reason);
        await x.UntilClosedAsync(b.ClientOrderId!);
        var bClosed = (await x.PositionAsync(b.ClientOrderId!))!;
        Assert.Equal(CloseReason.Signal, bClosed.CloseReason);
        var exit = await x.Log.FindIntentAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, close.ClientOrderId!, CancellationToken.None);
        Assert.Equal(new OrderPurpose.ExitPosition(b.ClientOrderId!, CloseReason.Signal), exit!.Purpose);
        Assert.Equal((Side.Sell, PositionSide.Long, 0.001m, false), (exit.Side, exit.PositionSide, exit.Quantity, exit.ReduceOnly));

        var nothing = await x.SubmitAsync(x.Signal("b-close-2", "B", SignalAction.Close, 0.5m));
        Assert.False(nothing.Decision.Accepted);
        Assert.Equal("nothing to close", nothing.Decision.Reason);
    }

    [Fact]
    public async Task At_start_a_pending_intent_is_looked_up_never_resent_and_an_open_position_gets_its_missing_tp_and_sl()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge, run: false);
        var now = x.Clock.GetUtcNow();

        // A crash after committing two entries: one reached the venue, the other never left.
        OrderIntent Entry(string id) => new(
            TradeSyncOptions.DefaultVenue, SyncFixture.Account, id, DispatchFixture.Symbol, "A", new OrderPurpose.Entry("A", id, 48_000m, 43_000m),
            OrderIntentKind.Market, Side.Buy, PositionSide.Long, 0.001m, null, false, null, now);
        await x.Log.SaveIntentAsync(Entry("t-test-1"), CancellationToken.None);
        await x.Log.SaveIntentAsync(Entry("t-test-2"), CancellationToken.None);
        await x.Exchange.Client.PlaceOrderAsync(
            new BinanceOrderRequest(DispatchFixture.Symbol, Side.Buy, BinanceOrderType.Market, 0.001m, "t-test-1", PositionSide: PositionSide.Long), CancellationToken.None);

        await x.RunAsync();

        // The sent one is found (and its fill back-filled into position t-test-1 with TP/SL placed); the other is cancelled, not sent.
        await x.UntilProtectedAsync("t-test-1", algoOrders: 2);
        var sent = await x.Log.FindIntentAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, "t-test-1", CancellationToken.None);
        var lost = await x.Log.FindIntentAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, "t-test-2", CancellationToken.None);
        Assert.Equal(OrderIntentStatus.Filled, sent!.Status);
        Assert.Equal(OrderIntentStatus.Canceled, lost!.Status);
        Assert.Contains("not resent", lost.Detail, StringComparison.Ordinal);
        Assert.Single(await x.Exchange.ExchangeTradesAsync(DispatchFixture.Symbol));

        // New ids continue after the highest stored one.
        var next = await x.SubmitAsync(x.Signal("after", "B", SignalAction.Sell, 0.5m, quantity: 0.001m));
        Assert.Equal("t-test-5", next.ClientOrderId);
    }

    [Fact]
    public async Task A_take_profit_triggered_while_tally_was_down_is_attributed_after_restart_and_its_sibling_is_cancelled()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);
        var a = await x.SubmitAsync(x.Signal("a-1", "A", SignalAction.Buy, 0.5m, quantity: 0.002m, takeProfit: 47_000m, stopLoss: 43_000m));
        var aId = a.ClientOrderId!;
        await x.UntilProtectedAsync(aId, algoOrders: 2);
        await x.StopAsync();

        // While nobody listens, the exchange triggers the take-profit: its fill reaches Tally only through the back-fill,
        // whose userTrades rows carry no client order id.
        await x.MovePriceAsync(47_000m);
        Assert.Equal(1, x.OpenAlgoOrders);

        await x.RunAsync();

        await x.UntilClosedAsync(aId);
        var closed = (await x.PositionAsync(aId))!;
        Assert.Equal(CloseReason.TakeProfit, closed.CloseReason);
        Assert.Equal(4.00m, closed.RealizedPnl);
        await x.UntilAsync(() => Task.FromResult(x.OpenAlgoOrders == 0), "the stop cancelled after the restart");
        Assert.Equal(2, (await x.Exchange.ExchangeTradesAsync(DispatchFixture.Symbol)).Count);

        // Replay equals live.
        var verify = await x.Log.VerifyAsync(CancellationToken.None);
        Assert.True(verify.Differences.Count == 0, string.Join("\n", verify.Differences));
    }

    [Fact]
    public async Task A_stop_already_passed_on_the_paper_exchange_is_refused_with_2021_its_take_profit_cancelled_and_the_position_handed_to_the_risk_monitor_again_after_a_restart()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge, run: false);
        var handedOver = new List<string>();
        x.LevelsNotHeld = id =>
        {
            lock (handedOver)
            {
                handedOver.Add(id);
            }
        };
        int HandedOver()
        {
            lock (handedOver)
            {
                return handedOver.Count;
            }
        }

        await x.RunAsync();

        // A long at 45,000 whose stop (46,000) the price has already passed: the venue refuses it, so the monitor
        // watches both levels and the take-profit placed just before is cancelled (one move, one exit).
        var a = await x.SubmitAsync(x.Signal("a-1", "A", SignalAction.Buy, 0.5m, quantity: 0.002m, takeProfit: 48_000m, stopLoss: 46_000m));
        var id = a.ClientOrderId!;
        await x.UntilAsync(() => Task.FromResult(HandedOver() == 1), "the position handed over");
        var intents = await x.Log.ReadIntentsAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, null, CancellationToken.None);
        var stop = intents.Single(i => i.Kind == OrderIntentKind.StopMarket);
        Assert.Equal(OrderIntentStatus.Rejected, stop.Status);
        Assert.Contains("immediately trigger", stop.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderIntentStatus.Canceled, intents.Single(i => i.Kind == OrderIntentKind.TakeProfitMarket).Status);
        Assert.Equal(0, x.OpenAlgoOrders);
        Assert.Equal(StrategyPositionStatus.Open, (await x.PositionAsync(id))!.Status);

        // After a restart the refused levels are announced again, and nothing is placed again.
        await x.StopAsync();
        await x.RunAsync();
        await x.UntilAsync(() => Task.FromResult(HandedOver() == 2), "the position handed over again after the restart");
        lock (handedOver)
        {
            Assert.Equal([id, id], handedOver);
        }

        Assert.Equal(0, x.OpenAlgoOrders);
        Assert.Equal(intents.Count, (await x.Log.ReadIntentsAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, null, CancellationToken.None)).Count);
    }
}
