using System.Collections;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;

namespace Tally.Storage.Tests;

/// <summary>Signals, order intents and the attribution tables (DESIGN.md §3 and §4), the same on every adapter.</summary>
public abstract partial class FillStoreContract
{
    private static Fill Hedge(Side side, string tradeId, decimal quantity, decimal price, int minute, string clientOrderId) =>
        Fills.Make(side, tradeId, quantity, price, minute, positionSide: PositionSide.Long) with { ClientOrderId = clientOrderId };

    private static OrderIntent Intent(string clientOrderId, string strategy, OrderPurpose purpose, Side side, decimal quantity, OrderIntentKind kind = OrderIntentKind.Market, string? signalId = null) =>
        new(Fills.Venue, Fills.Account, clientOrderId, "BTCUSDT", strategy, purpose, kind, side, PositionSide.Long, quantity, null, ReduceOnly: false, signalId, Fills.At(0));

    private static readonly OrderIntent[] WorkedIntents =
    [
        Intent("a-entry", "A", new OrderPurpose.Entry("A", "a-entry", 48_000m, 43_000m), Side.Buy, 0.001m),
        Intent("b-entry", "B", new OrderPurpose.Entry("B", "b-entry", 49_000m, 44_000m), Side.Buy, 0.002m),
        Intent("a-tp", "A", new OrderPurpose.ExitPosition("a-entry", CloseReason.TakeProfit), Side.Sell, 0.001m, OrderIntentKind.TakeProfitMarket),
        Intent("b-sl", "B", new OrderPurpose.ExitPosition("b-entry", CloseReason.StopLoss), Side.Sell, 0.002m, OrderIntentKind.StopMarket),
    ];

    /// <summary>DESIGN §3's worked example on the log: both entries, then A's take-profit, then B's stop; returns the three reports.</summary>
    private async Task<IngestReport[]> IngestWorkedExampleAsync(FillLog log)
    {
        foreach (var intent in WorkedIntents)
        {
            await log.SaveIntentAsync(intent, Ct);
        }

        var entries = await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "x1", 0.001m, 45_000m, 1, "a-entry"), Hedge(Side.Buy, "x2", 0.002m, 46_000m, 2, "b-entry")), Ct);
        var takeProfit = await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "x3", 0.001m, 48_000m, 3, "a-tp")), Ct);
        var stop = await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "x4", 0.002m, 44_000m, 4, "b-sl")), Ct);
        return [entries, takeProfit, stop];
    }

    /// <summary>
    /// The store keeps the policy its attribution rows were folded with: a new store is fifo, an empty one takes the
    /// policy asked for, a reopened log folds and verifies with the stored one, and asking for another once the store
    /// holds fills is refused with nothing changed.
    /// </summary>
    [Fact]
    public async Task A_store_keeps_the_attribution_policy_it_was_folded_with_and_refuses_another_once_it_holds_fills()
    {
        var database = await CreateDatabaseAsync();
        await using (var first = await OpenLogAsync(database, track: false, policy: AttributionPolicy.ProRata))
        {
            Assert.Equal(AttributionPolicy.ProRata, first.AttributionPolicy);

            // Two manual entries (1 and 3) and a manual exit of 2: pro-rata takes 0.5 and 1.5 (fifo would take 1 and 1).
            await first.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1), Fills.Buy("t2", 3m, 100m, 2), Fills.Sell("t3", 2m, 110m, 3)), Ct);
        }

        await using var reopened = await OpenLogAsync(database, track: false);
        Assert.Equal(AttributionPolicy.ProRata, reopened.AttributionPolicy);
        Assert.Equal(AttributionPolicy.ProRata, await StoreOf(reopened).ReadAttributionPolicyAsync(Ct));
        var open = (await reopened.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).OrderBy(p => p.StrategyPositionId, StringComparer.Ordinal);
        Assert.Equal([0.5m, 1.5m], open.Select(p => p.OpenQuantity));
        await AssertConsistentAsync(reopened); // verify replays with the stored policy

        var refused = await Assert.ThrowsAsync<AttributionPolicyMismatchException>(() => OpenLogAsync(database, policy: AttributionPolicy.Fifo));
        Assert.Equal((AttributionPolicy.ProRata, AttributionPolicy.Fifo), (refused.Stored, refused.Asked));
        Assert.Equal(AttributionPolicy.ProRata, await StoreOf(reopened).ReadAttributionPolicyAsync(Ct));
        Assert.Equal(AttributionPolicy.ProRata, (await OpenLogAsync(database, policy: AttributionPolicy.ProRata)).AttributionPolicy);
    }

    /// <summary>A log already open on an empty store takes up the policy another log set there, at its next write.</summary>
    [Fact]
    public async Task A_log_open_on_the_store_folds_with_the_policy_another_log_set_while_it_was_empty()
    {
        var (database, log) = await NewLogAsync();
        Assert.Equal(AttributionPolicy.Fifo, log.AttributionPolicy);
        await OpenLogAsync(database, policy: AttributionPolicy.ProRata);

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1), Fills.Buy("t2", 3m, 100m, 2), Fills.Sell("t3", 2m, 110m, 3)), Ct);

        Assert.Equal(AttributionPolicy.ProRata, log.AttributionPolicy);
        Assert.Equal([0.5m, 1.5m], (await log.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).OrderBy(p => p.StrategyPositionId, StringComparer.Ordinal).Select(p => p.OpenQuantity));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task The_worked_example_attributes_the_take_profit_to_A_and_the_stop_to_B_in_the_tables_and_views()
    {
        var (database, log) = await NewLogAsync();
        foreach (var intent in WorkedIntents)
        {
            await log.SaveIntentAsync(intent, Ct);
        }

        var entries = await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "x1", 0.001m, 45_000m, 1, "a-entry"), Hedge(Side.Buy, "x2", 0.002m, 46_000m, 2, "b-entry")), Ct);
        Assert.Equal([StrategyPositionEvent.Opened, StrategyPositionEvent.Opened], entries.Attribution.Select(a => a.Event));
        Assert.Empty(entries.UnexplainedOrders);
        var exchange = Assert.Single(await log.ExchangePositionsAsync(Ct));
        Assert.Equal(("BTCUSDT_LONG", 0.003m, "open", 2), (exchange.ExchangePositionKey, exchange.CurrentQuantity, exchange.Status, exchange.TotalContributions));
        Assert.Equal(45_666.67m, Math.Round(exchange.WeightedAvgPrice!.Value, 2));
        Assert.Equal(["A", "B"], exchange.ContributingStrategies);
        Assert.Equal(2, (await log.ContributionsAsync("BTCUSDT_LONG", Ct)).Count);

        var takeProfit = await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "x3", 0.001m, 48_000m, 3, "a-tp")), Ct);
        var closedA = Assert.Single(takeProfit.Attribution);
        Assert.Equal((StrategyPositionEvent.Closed, "A", CloseReason.TakeProfit), (closedA.Event, closedA.Position.StrategyId, closedA.Position.CloseReason));
        Assert.Equal(0.002m, Assert.Single(await log.ExchangePositionsAsync(Ct)).CurrentQuantity);
        var openB = Assert.Single(await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), Ct));
        Assert.Equal(("B", 49_000m, 44_000m), (openB.StrategyId, openB.TakeProfitPrice, openB.StopLossPrice));

        await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "x4", 0.002m, 44_000m, 4, "b-sl")), Ct);

        var positions = (await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Closed), Ct)).ToDictionary(p => p.StrategyId);
        Assert.Equal((StrategyPositionStatus.Closed, CloseReason.TakeProfit, 3m, 6.67m), (positions["A"].Status, positions["A"].CloseReason, positions["A"].RealizedPnl, Math.Round(positions["A"].RealizedPnlPct!.Value, 2)));
        Assert.Equal((StrategyPositionStatus.Closed, CloseReason.StopLoss, -4m, -4.35m), (positions["B"].Status, positions["B"].CloseReason, positions["B"].RealizedPnl, Math.Round(positions["B"].RealizedPnlPct!.Value, 2)));
        Assert.Equal(("a-entry", 48_000m), (positions["A"].StrategyPositionId, positions["A"].ExitPrice!.Value));
        Assert.Equal(-1m, (await log.ContributionsAsync(null, Ct)).Sum(c => c.ContributionPnl));
        Assert.Equal(-1m, Assert.Single(await log.ReadCyclesAsync(Ct)).RealizedPnl);
        Assert.Equal("closed", Assert.Single(await log.ExchangePositionsAsync(Ct)).Status);

        var strategies = (await log.StrategiesAsync(Ct)).ToDictionary(s => s.StrategyId);
        Assert.Equal((1, 1, 0, 3m), (strategies["A"].Closed, strategies["A"].TakeProfitHits, strategies["A"].StopLossHits, strategies["A"].RealizedPnl));
        Assert.Equal((1, 0, 1, -4m), (strategies["B"].Closed, strategies["B"].TakeProfitHits, strategies["B"].StopLossHits, strategies["B"].RealizedPnl));

        // The earlier system's analytics, by SQL on the views.
        var a = await database.RowAsync("SELECT total_positions, closed_positions, tp_hits, sl_hits, winning_trades, win_rate, total_pnl, avg_pnl_pct FROM strategy_performance WHERE strategy_id = 'A'", Ct);
        Assert.Equal([1L, 1L, 1L, 0L, 1L], a.Take(5).Select(Convert.ToInt64));
        Assert.Equal(1m, Convert.ToDecimal(a[5], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3m, Convert.ToDecimal(a[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6.67m, Math.Round(Convert.ToDecimal(a[7], System.Globalization.CultureInfo.InvariantCulture), 2));
        var b = await database.RowAsync("SELECT tp_hits, sl_hits, winning_trades, total_pnl FROM strategy_performance WHERE strategy_id = 'B'", Ct);
        Assert.Equal([0L, 1L, 0L], b.Take(3).Select(Convert.ToInt64));
        Assert.Equal(-4m, Convert.ToDecimal(b[3], System.Globalization.CultureInfo.InvariantCulture));
        var summary = await database.RowAsync("SELECT strategies, contributions, attributed_pnl FROM contribution_summary WHERE exchange_position_key = 'BTCUSDT_LONG'", Ct);
        Assert.Equal([2L, 2L], summary.Take(2).Select(Convert.ToInt64));
        Assert.Equal(-1m, Convert.ToDecimal(summary[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2L, await database.ScalarAsync("SELECT COUNT(*) FROM position_contributions WHERE exchange_position_key = 'BTCUSDT_LONG' AND status = 'closed'", Ct));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_fill_of_an_unknown_order_belongs_to_manual_and_is_reported_and_a_liquidation_closes_with_reason_liquidation()
    {
        var (_, log) = await NewLogAsync();
        var manual = Hedge(Side.Buy, "m1", 0.5m, 100m, 1, "by-hand-1");

        var report = await log.IngestAsync(Fills.Offer(manual), Ct);

        Assert.Equal(manual.TradeId, Assert.Single(report.UnexplainedOrders).TradeId);
        var opened = Assert.Single(report.Attribution);
        Assert.Equal((StrategyPositionEvent.Opened, AttributionBook.ManualStrategy), (opened.Event, opened.Position.StrategyId));

        var liquidation = await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "m2", 0.5m, 60m, 2, "autoclose-1772366400000")), Ct);

        Assert.Empty(liquidation.UnexplainedOrders);
        var closed = Assert.Single(await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Closed, StrategyId: AttributionBook.ManualStrategy), Ct));
        Assert.Equal((CloseReason.Liquidation, -20m), (closed.CloseReason, closed.RealizedPnl));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task The_attribution_tables_after_a_reopen_and_a_verify_equal_the_live_ones()
    {
        var (database, log) = await NewLogAsync();
        await log.SaveIntentAsync(Intent("c-entry", "C", new OrderPurpose.Entry("C", "c-entry", TakeProfitPct: 0.05m, StopLossPct: 0.02m), Side.Buy, 1m), Ct);
        await IngestWorkedExampleAsync(log);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "x5", 1m, 50_000m, 5, "c-entry"), Hedge(Side.Sell, "x6", 0.4m, 51_000m, 6, "by-hand")), Ct);
        var live = await AttributionTablesAsync(log);
        var partial = Assert.Single(await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), Ct));
        Assert.Equal((StrategyPositionStatus.Partial, 0.6m, 52_500m, 49_000m), (partial.Status, partial.OpenQuantity, partial.TakeProfitPrice!.Value, partial.StopLossPrice!.Value));
        await log.DisposeAsync();

        var reopened = await OpenLogAsync(database);

        Assert.Equal(live, await AttributionTablesAsync(reopened));
        await AssertConsistentAsync(reopened);
        Assert.Equal(live, await AttributionTablesAsync(reopened));
    }

    [Fact]
    public async Task An_out_of_order_fill_re_attributes_the_log_so_the_tables_equal_a_replay()
    {
        var (database, log) = await NewLogAsync();
        await log.SaveIntentAsync(Intent("a1", "A", new OrderPurpose.Entry("A", "a1"), Side.Buy, 1m), Ct);
        await log.SaveIntentAsync(Intent("b1", "B", new OrderPurpose.Entry("B", "b1"), Side.Buy, 1m), Ct);
        await log.SaveIntentAsync(Intent("c1", "C", new OrderPurpose.Entry("C", "c1"), Side.Buy, 1m), Ct);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "o1", 1m, 100m, 1, "a1"), Hedge(Side.Buy, "o2", 1m, 110m, 5, "b1")), Ct);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Sell, "o3", 1.5m, 120m, 6, "by-hand")), Ct);

        // C's entry happened at minute 3, before the manual sell: FIFO now closes A, then half of C, not B.
        var late = await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "o4", 1m, 105m, 3, "c1")), Ct);

        Assert.Equal(StrategyPositionEvent.Opened, Assert.Single(late.Attribution).Event);
        var open = (await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), Ct)).ToDictionary(p => p.StrategyId, p => p.OpenQuantity);
        Assert.Equal(new Dictionary<string, decimal> { ["C"] = 0.5m, ["B"] = 1m }, open);
        await AssertConsistentAsync(log);
        var tables = await AttributionTablesAsync(log);
        Assert.Equal(tables, await AttributionTablesAsync(await OpenLogAsync(database)));
    }

    [Fact]
    public async Task A_failed_commit_rolls_the_attribution_rows_back_with_the_fills()
    {
        var database = await CreateDatabaseAsync();
        OutageStore? store = null;
        var log = await OpenLogAsync(database, wrap: inner => store = new OutageStore(inner));
        await log.SaveIntentAsync(Intent("a1", "A", new OrderPurpose.Entry("A", "a1"), Side.Buy, 1m), Ct);
        await log.SaveIntentAsync(Intent("b1", "B", new OrderPurpose.Entry("B", "b1"), Side.Buy, 1m), Ct);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "f1", 1m, 100m, 1, "a1")), Ct);
        var before = await AttributionTablesAsync(log);
        store!.GoDownAtNextCommit(stayDown: false);

        await Assert.ThrowsAsync<IOException>(() => log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "f2", 1m, 101m, 2, "b1")), Ct));

        Assert.Equal(before, await AttributionTablesAsync(log));
        Assert.Equal(1L, await database.ScalarAsync("SELECT COUNT(*) FROM strategy_positions", Ct));
        var retried = await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "f2", 1m, 101m, 2, "b1")), Ct);
        Assert.Equal("B", Assert.Single(retried.Attribution).Position.StrategyId);
        Assert.Equal(2L, await database.ScalarAsync("SELECT COUNT(*) FROM strategy_positions", Ct));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Recording_a_signal_id_twice_stores_it_once_and_returns_the_first_decision()
    {
        var (_, log) = await NewLogAsync();
        var signal = new Signal("s-1", "A", "BTCUSDT", SignalAction.Buy, 0.8m, Fills.At(1), Quantity: 0.001m, TakeProfitPct: 0.05m, Timeframe: "5m", Venue: Fills.Venue, Account: Fills.Account);
        var first = new StoredSignal(signal, SignalDecision.Accept("no active signal in conflict"), Fills.At(1), "a-entry");
        var intent = Intent("a-entry", "A", new OrderPurpose.Entry("A", "a-entry", TakeProfitPct: 0.05m), Side.Buy, 0.001m, signalId: "s-1");

        var stored = await log.RecordSignalAsync(first, [intent], Ct);
        var again = await log.RecordSignalAsync(first with { Decision = SignalDecision.Reject("later"), EntryClientOrderId = null }, [intent with { ClientOrderId = "other" }], Ct);

        Assert.Equal(first, stored);
        Assert.Equal(first, again);
        Assert.Equal(first, Assert.Single(await log.ReadSignalsAsync(Fills.Venue, Fills.Account, "BTCUSDT", since: null, Ct)));
        Assert.Equal(first, await log.FindSignalAsync(Fills.Venue, Fills.Account, "s-1", Ct));
        Assert.Empty(await log.ReadSignalsAsync(null, null, null, Fills.At(2), Ct));
        Assert.Equal(intent, Assert.Single(await log.ReadIntentsAsync(Fills.Venue, Fills.Account, null, Ct)));

        await log.UpdateIntentAsync(Fills.Venue, Fills.Account, "a-entry", OrderIntentStatus.Sent, "v-9", null, Ct);

        var sent = await log.FindIntentAsync(Fills.Venue, Fills.Account, "a-entry", Ct);
        Assert.Equal((OrderIntentStatus.Sent, "v-9", Now), (sent!.Status, sent.VenueOrderId, sent.UpdatedAt!.Value));
        Assert.Single(await log.ReadIntentsAsync(null, null, [OrderIntentStatus.Sent], Ct));
        Assert.Empty(await log.ReadIntentsAsync(null, null, [OrderIntentStatus.Pending, OrderIntentStatus.Filled], Ct));
        Assert.Null(await log.FindIntentAsync(Fills.Venue, Fills.Account, "other", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => log.UpdateIntentAsync(Fills.Venue, Fills.Account, "nope", OrderIntentStatus.Sent, null, null, Ct));
    }

    [Fact]
    public async Task An_intent_saved_after_its_fill_re_attributes_the_fill_to_its_strategy()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "l1", 1m, 100m, 1, "late-1")), Ct);
        Assert.Equal(AttributionBook.ManualStrategy, Assert.Single(await log.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).StrategyId);

        await log.SaveIntentAsync(Intent("late-1", "L", new OrderPurpose.Entry("L", "late-1"), Side.Buy, 1m), Ct);

        Assert.Equal("L", Assert.Single(await log.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).StrategyId);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Funding_is_split_by_open_quantity_at_its_time_even_when_it_arrives_after_later_fills()
    {
        var (database, log) = await NewLogAsync();
        await log.SaveIntentAsync(Intent("a1", "A", new OrderPurpose.Entry("A", "a1"), Side.Buy, 1m), Ct);
        await log.SaveIntentAsync(Intent("b1", "B", new OrderPurpose.Entry("B", "b1"), Side.Buy, 3m), Ct);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "g1", 1m, 100m, 1, "a1")), Ct);
        await log.IngestAsync(Fills.Offer(Hedge(Side.Buy, "g2", 3m, 100m, 10, "b1")), Ct);

        // Paid at minute 5, when only A held the key.
        await log.IngestFundingAsync([new IncomingFunding(new FundingPayment(Fills.Venue, Fills.Account, "BTCUSDT", PositionSide.Long, "USDT", -0.4m, Fills.At(5), "fund-1"))], Ct);
        await log.IngestFundingAsync([new IncomingFunding(new FundingPayment(Fills.Venue, Fills.Account, "BTCUSDT", PositionSide.Long, "USDT", -0.8m, Fills.At(11), "fund-2"))], Ct);

        var funding = (await log.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).ToDictionary(p => p.StrategyId, p => p.Funding.Single().Amount);
        Assert.Equal(new Dictionary<string, decimal> { ["A"] = -0.6m, ["B"] = -0.6m }, funding);
        await AssertConsistentAsync(log);
        var tables = await AttributionTablesAsync(log);
        Assert.Equal(tables, await AttributionTablesAsync(await OpenLogAsync(database)));
    }

    [Fact]
    public async Task A_store_without_attribution_rows_gets_them_at_open_and_a_tampered_row_is_reported_by_verify_and_rewritten_by_the_next_write()
    {
        var (database, log) = await NewLogAsync();
        await IngestWorkedExampleAsync(log);
        var live = await AttributionTablesAsync(log);
        await log.DisposeAsync();
        foreach (var table in (string[])["strategy_positions", "exchange_positions"])
        {
            await database.ExecuteAsync($"DELETE FROM {table}", Ct);
        }

        var reopened = await OpenLogAsync(database);
        Assert.Equal(live, await AttributionTablesAsync(reopened));

        await database.ExecuteAsync("UPDATE strategy_positions SET realized_pnl = 99 WHERE strategy_id = 'A'", Ct);
        var tampered = await reopened.VerifyAsync(Ct);
        Assert.Contains(tampered.Differences, d => d.StartsWith("strategy position binance/main/BTCUSDT/a-entry: stored ", StringComparison.Ordinal));

        var again = await OpenLogAsync(database);
        await again.IngestAsync(Fills.Offer(Hedge(Side.Buy, "x9", 0.001m, 40_000m, 9, "by-hand")), Ct);
        await AssertConsistentAsync(again);
        Assert.Equal(3m, (await again.StrategyPositionsAsync(new StrategyPositionQuery(StrategyId: "A"), Ct)).Single().RealizedPnl);
    }

    /// <summary>The three attribution tables as the log reads them, one canonical line per row (decimals without trailing zeros).</summary>
    private async Task<List<string>> AttributionTablesAsync(FillLog log) =>
    [
        .. (await log.StrategyPositionsAsync(new StrategyPositionQuery(), Ct)).Select(Canonical).Order(StringComparer.Ordinal),
        .. (await log.ContributionsAsync(null, Ct)).Select(Canonical).Order(StringComparer.Ordinal),
        .. (await log.ExchangePositionsAsync(Ct)).Select(Canonical).Order(StringComparer.Ordinal),
    ];

    private static string Canonical(object? value) => value switch
    {
        null => "-",
        decimal d => DecimalText.Format(d),
        string s => s,
        DateTimeOffset t => t.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        Enum or int or long or bool => value.ToString()!,
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        _ => "{" + string.Join(";", value.GetType().GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + Canonical(p.GetValue(value)))) + "}",
    };
}
