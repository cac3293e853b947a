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
        var ledger = new Ledger(instruments);
        var outcomes = new FillOutcome[rows.Count];
        var closed = new List<(int Row, CycleSummary Cycle)>();
        foreach (var row in VenueOrder.Arrange(Enumerable.Range(0, rows.Count).ToList(), i => rows[i].Fill))
        {
            var outcome = ledger.Apply(rows[row].Fill);
            outcomes[row] = outcome;
            if (outcome.ClosedCycle is { } cycle)
            {
                closed.Add((row, cycle));
            }
        }

        var replayed = rows.Select((input, i) => new ReplayedFill(input, outcomes[i])).ToList();
        return new ReplayResult(ledger, replayed, [.. closed.OrderBy(c => c.Row).Select(c => c.Cycle)], marks);
    }
}
