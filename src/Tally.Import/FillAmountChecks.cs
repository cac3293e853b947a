using Tally.Core;

namespace Tally.Import;

/// <summary>
/// The amounts of a parsed fill against <see cref="AmountLimits"/>, so a fill that would overflow the ledger's
/// totals is a row error instead of an exception in the middle of a fold (which would lose the rows beside it).
/// </summary>
internal static class FillAmountChecks
{
    /// <summary>Null when the amounts fit, or when the symbol is unknown (the row checks refuse that).</summary>
    public static RowError? Check(int line, in Fill fill, FillReadOptions options)
    {
        if (!options.Instruments.TryResolve(fill.Venue, fill.Symbol, out var instrument))
        {
            return null;
        }

        return AmountLimits.Check(fill, instrument) is { } problem
            ? new RowError(line, problem.Column, DecimalText.Format(problem.Value), problem.Problem)
            : null;
    }
}
