using Tally.Core;

namespace Tally.Cli.Output;

/// <summary>Realized, fees, net and (when marked) unrealized PnL summed per settlement asset.</summary>
public sealed record Totals(string SettlementAsset, decimal RealizedPnl, decimal Fees, decimal NetPnl, decimal? UnrealizedPnl)
{
    public static IReadOnlyList<Totals> Of(IEnumerable<Position> positions, Func<Position, decimal?> markFor) =>
        [.. positions
            .GroupBy(p => p.Instrument.SettlementAsset, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var unrealized = g.Where(p => p.IsOpen).Select(p => markFor(p) is { } mark ? p.UnrealizedPnl(mark) : (decimal?)null).ToList();
                return new Totals(
                    g.Key,
                    g.Sum(p => p.RealizedPnl),
                    g.Sum(p => p.SettlementFees),
                    g.Sum(p => p.NetPnl),
                    unrealized.Count > 0 && unrealized.All(u => u.HasValue) ? unrealized.Sum() : null);
            })];
}
