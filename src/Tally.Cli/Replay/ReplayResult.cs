using Tally.Core;

namespace Tally.Cli.Replay;

/// <summary>Everything a replay produced, ready to print.</summary>
public sealed record ReplayResult(
    Ledger Ledger,
    IReadOnlyList<ReplayedFill> Fills,
    IReadOnlyList<CycleSummary> ClosedCycles,
    IReadOnlyDictionary<string, decimal> Marks)
{
    /// <summary>Positions in a stable order (venue, account, symbol, side) so output never depends on hashing.</summary>
    public IReadOnlyList<Position> Positions { get; } = [.. Ledger.Positions
        .OrderBy(p => p.Key.Venue, StringComparer.Ordinal)
        .ThenBy(p => p.Key.Account, StringComparer.Ordinal)
        .ThenBy(p => p.Key.Symbol, StringComparer.Ordinal)
        .ThenBy(p => p.Key.PositionSide)];

    /// <summary>Closed cycles in the order they closed, then the cycles still open.</summary>
    public IReadOnlyList<CycleSummary> AllCycles { get; } = [.. ClosedCycles, .. Ledger.Positions
        .Select(p => p.CurrentCycle())
        .OfType<CycleSummary>()];

    /// <summary>Rows the fold refused because a total would overflow (see <see cref="ReplayRunner"/>); usually none.</summary>
    public IReadOnlyList<Tally.Import.RowError> Refused { get; init; } = [];

    public decimal? MarkFor(Position position) =>
        Marks.TryGetValue(position.Key.Symbol, out var mark) ? mark : null;
}
