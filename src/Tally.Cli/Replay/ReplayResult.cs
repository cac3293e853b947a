using Tally.Core;
using Tally.Core.Attribution;
using Tally.Import;

namespace Tally.Cli.Replay;

/// <summary>Everything a replay produced, ready to print; or the row that stopped it (<see cref="Error"/>).</summary>
/// <param name="Attribution">Strategy positions, contributions and exchange positions, when the file had strategy columns.</param>
public sealed record ReplayResult(
    Ledger Ledger,
    IReadOnlyList<ReplayedFill> Fills,
    IReadOnlyList<CycleSummary> ClosedCycles,
    IReadOnlyDictionary<string, decimal> Marks,
    AttributionBook? Attribution = null,
    RowError? Error = null)
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
    public IReadOnlyList<RowError> Refused { get; init; } = [];

    /// <summary>A replay stopped by a row that cannot be attributed (it names no strategy position).</summary>
    public static ReplayResult Stopped(RowError error) => new(new Ledger(), [], [], new Dictionary<string, decimal>(), Error: error);

    public decimal? MarkFor(Position position) =>
        Marks.TryGetValue(position.Key.Symbol, out var mark) ? mark : null;

    public decimal? MarkFor(string symbol) => Marks.TryGetValue(symbol, out var mark) ? mark : null;
}
