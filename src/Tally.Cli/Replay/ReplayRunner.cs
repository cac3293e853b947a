using Tally.Core;
using Tally.Import;

namespace Tally.Cli.Replay;

/// <summary>
/// Folds rows into a fresh ledger the way the fill log does: each position's fills in <see cref="VenueOrder"/>
/// (time, trade id, file order), or in file order for a position with a row without a time. Keeps each fill's
/// outcome in file order and every closed cycle in the file order of the fill that closed it.
/// </summary>
public static class ReplayRunner
{
    public static ReplayResult Run(IEnumerable<ParsedFill> fills, InstrumentCatalog instruments, IReadOnlyDictionary<string, decimal> marks)
    {
        var rows = fills.ToList();
        var refused = new List<RowError>();
        while (true)
        {
            var ledger = new Ledger(instruments);
            var outcomes = new FillOutcome[rows.Count];
            var closed = new List<(int Row, CycleSummary Cycle)>();
            var overflowed = Fold(rows, ledger, outcomes, closed);
            if (overflowed is { } row)
            {
                // The readers keep every amount within AmountLimits, so this needs a position's running totals
                // beyond ~10^28: refuse the row that got there and fold the others again from the start.
                refused.Add(new RowError(rows[row].Line, "row", rows[row].Fill.TradeId, "would make its position's totals overflow the decimal range"));
                rows.RemoveAt(row);
                continue;
            }

            var replayed = rows.Select((input, i) => new ReplayedFill(input, outcomes[i])).ToList();
            return new ReplayResult(ledger, replayed, [.. closed.OrderBy(c => c.Row).Select(c => c.Cycle)], marks) { Refused = refused };
        }
    }

    /// <summary>Folds every row; the index of the row whose fold overflowed, or null.</summary>
    private static int? Fold(List<ParsedFill> rows, Ledger ledger, FillOutcome[] outcomes, List<(int Row, CycleSummary Cycle)> closed)
    {
        foreach (var row in VenueOrder.Arrange(Enumerable.Range(0, rows.Count).ToList(), i => rows[i].Fill))
        {
            FillOutcome outcome;
            try
            {
                outcome = ledger.Apply(rows[row].Fill);
            }
            catch (OverflowException)
            {
                return row;
            }

            outcomes[row] = outcome;
            if (outcome.ClosedCycle is { } cycle)
            {
                closed.Add((row, cycle));
            }
        }

        return null;
    }
}
