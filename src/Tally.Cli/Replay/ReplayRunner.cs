using Tally.Core;
using Tally.Import;

namespace Tally.Cli.Replay;

/// <summary>Folds rows in file order into a fresh ledger, keeping each fill's outcome and every closed cycle.</summary>
public static class ReplayRunner
{
    public static ReplayResult Run(IEnumerable<ParsedFill> fills, InstrumentCatalog instruments, IReadOnlyDictionary<string, decimal> marks)
    {
        var ledger = new Ledger(instruments);
        var replayed = new List<ReplayedFill>();
        var closed = new List<CycleSummary>();
        foreach (var input in fills)
        {
            var outcome = ledger.Apply(input.Fill);
            replayed.Add(new ReplayedFill(input, outcome));
            if (outcome.ClosedCycle is { } cycle)
            {
                closed.Add(cycle);
            }
        }

        return new ReplayResult(ledger, replayed, closed, marks);
    }
}
