using Tally.Core;
using Tally.Core.Attribution;
using Tally.Import;

namespace Tally.Cli.Replay;

/// <summary>
/// Folds rows into a fresh ledger the way the fill log does: each position's fills in <see cref="VenueOrder"/>
/// (time, trade id, file order), or in file order for a position with a row without a time. Keeps each fill's
/// outcome in file order and every closed cycle in the file order of the fill that closed it. Rows with
/// strategy columns are also attributed to strategy positions (DESIGN.md §3) by the given policy.
/// </summary>
public static class ReplayRunner
{
    public static ReplayResult Run(IEnumerable<ParsedFill> fills, InstrumentCatalog instruments, IReadOnlyDictionary<string, decimal> marks, AttributionPolicy policy = AttributionPolicy.Fifo)
    {
        var rows = fills.ToList();
        var refused = new List<RowError>();
        while (true)
        {
            var ledger = new Ledger(instruments);
            var book = rows.Any(r => r.Intent is not null) ? new AttributionBook(policy) : null;
            var outcomes = new FillOutcome[rows.Count];
            var closed = new List<(int Row, CycleSummary Cycle)>();
            switch (Fold(rows, ledger, book, outcomes, closed))
            {
                case FoldStop.Overflow(var row):
                    // The readers keep every amount within AmountLimits, so this needs a position's running totals
                    // beyond ~10^28: refuse the row that got there and fold the others again from the start.
                    refused.Add(new RowError(rows[row].Line, "row", rows[row].Fill.TradeId, "would make its position's totals overflow the decimal range"));
                    rows.RemoveAt(row);
                    continue;
                case FoldStop.Unattributable(var error):
                    return ReplayResult.Stopped(error);
                case null:
                    var replayed = rows.Select((input, i) => new ReplayedFill(input, outcomes[i])).ToList();
                    return new ReplayResult(ledger, replayed, [.. closed.OrderBy(c => c.Row).Select(c => c.Cycle)], marks, book) { Refused = refused };
            }
        }
    }

    /// <summary>Folds every row; says why it stopped early, or null when every row folded.</summary>
    private static FoldStop? Fold(List<ParsedFill> rows, Ledger ledger, AttributionBook? book, FillOutcome[] outcomes, List<(int Row, CycleSummary Cycle)> closed)
    {
        foreach (var row in VenueOrder.Arrange(Enumerable.Range(0, rows.Count).ToList(), i => rows[i].Fill))
        {
            var input = rows[row];
            FillOutcome outcome;
            try
            {
                if (book is null)
                {
                    outcome = ledger.Apply(input.Fill);
                }
                else
                {
                    var purpose = PurposeOf(input, ledger, book);
                    if (book.Check(input.Fill, purpose) is not null)
                    {
                        var fill = input.Fill;
                        return new FoldStop.Unattributable(new RowError(input.Line, "strategy_position", input.Intent!.StrategyPosition!, $"names no entry before it on {fill.Symbol} {fill.PositionSide.ToWireName()} (an entry's order_id, or its trade_id when it has none)"));
                    }

                    outcome = book.Apply(ledger, input.Fill, purpose);
                }
            }
            catch (OverflowException)
            {
                return new FoldStop.Overflow(row);
            }

            outcomes[row] = outcome;
            if (outcome.ClosedCycle is { } cycle)
            {
                closed.Add((row, cycle));
            }
        }

        return null;
    }

    /// <summary>
    /// What a replay row's order was for. A row naming a strategy position closes it; a row that reduces its key
    /// is an exit of its strategy (or, without one, a fill nobody placed), its reason the row's close_reason or
    /// else <c>signal</c> with a strategy and <c>manual</c> without — except a row of a strategy that holds nothing
    /// on the key and gives no close_reason: that is an opposite signal trading against the others (their
    /// positions close with <c>opposite_signal</c>). Any other row is an entry of its strategy (<c>manual</c>
    /// without one) whose fills are grouped by order_id, or its trade_id when it has none. A row that flips the
    /// key opens the new side for its strategy with the row's take_profit and stop_loss.
    /// </summary>
    internal static OrderPurpose PurposeOf(ParsedFill row, Ledger ledger, AttributionBook book)
    {
        var fill = row.Fill;
        var intent = row.Intent ?? new FillIntent(null, null, null, null);
        var reason = intent.CloseReason ?? (fill.Strategy is null ? CloseReason.Manual : CloseReason.Signal);
        if (intent.StrategyPosition is { } target)
        {
            return new OrderPurpose.ExitPosition(target, reason);
        }

        var held = ledger.Find(fill.Key)?.SignedQuantity ?? 0m;
        var reduces = held != 0m && Math.Sign(held) != Math.Sign(fill.SignedQuantity);
        if (reduces)
        {
            return fill.Strategy switch
            {
                null => new OrderPurpose.Unplaced(reason),
                { } opposite when intent.CloseReason is null && !book.HoldsOpen(fill.Key, opposite) =>
                    new OrderPurpose.Entry(opposite, fill.OrderId ?? fill.TradeId, intent.TakeProfit, intent.StopLoss),
                { } strategy => new OrderPurpose.ExitStrategy(strategy, reason, intent.TakeProfit, intent.StopLoss),
            };
        }

        return new OrderPurpose.Entry(fill.Strategy ?? AttributionBook.ManualStrategy, fill.OrderId ?? fill.TradeId, intent.TakeProfit, intent.StopLoss);
    }

    /// <summary>Why a fold stopped before the last row.</summary>
    private abstract record FoldStop
    {
        private FoldStop()
        {
        }

        /// <summary>Folding this row (an index into the rows) overflowed a running total.</summary>
        public sealed record Overflow(int Row) : FoldStop;

        /// <summary>An exit row names no strategy position: the run stops with this row error.</summary>
        public sealed record Unattributable(RowError Error) : FoldStop;
    }
}
