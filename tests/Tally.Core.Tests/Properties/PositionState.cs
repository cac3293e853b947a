using System.Globalization;

namespace Tally.Core.Tests.Properties;

/// <summary>
/// Everything observable about a position, written out as text so that two states compare exactly
/// (decimal scale included) and a difference shows as a readable diff.
/// </summary>
internal static class PositionState
{
    public static string Describe(Position? position)
    {
        if (position is null)
        {
            return "(none)";
        }

        return string.Join(
            Environment.NewLine,
            $"key {position.Key}",
            Invariant($"signed quantity {position.SignedQuantity}, cost basis {position.CostBasis}, average {position.AverageEntryPrice}"),
            Invariant($"realized {position.RealizedPnl}, settlement fees {position.SettlementFees}, net {position.NetPnl}"),
            $"fees {Amounts(position.Fees)}",
            $"funding {Amounts(position.Funding)}",
            Invariant($"cash flow {position.CashFlow}"),
            $"entries {string.Join("; ", position.Entries.Select(e => Invariant($"{e.Side.ToWireName()} {e.Quantity} @ {e.Price} {e.Timestamp:O}")))}",
            Invariant($"cycles closed {position.ClosedCycles}, count {position.CycleCount}, opened {position.OpenedAt:O}, last update {position.LastUpdate:O}"),
            $"current cycle {Describe(position.CurrentCycle())}");
    }

    public static string Describe(CycleSummary? cycle) =>
        cycle is null
            ? "(none)"
            : Invariant(
                $"#{cycle.Number} {cycle.Side.ToWireName()} {cycle.OpenedAt:O}..{cycle.ClosedAt:O} closed={cycle.IsClosed} entry {cycle.AverageEntryPrice} exit {cycle.AverageExitPrice} peak {cycle.PeakQuantity} realized {cycle.RealizedPnl} fees {Amounts(cycle.Fees)} net {cycle.NetPnl} return {cycle.RealizedReturn}");

    public static string Describe(RecordedOutcome outcome) =>
        Invariant(
            $"{outcome.Key} {outcome.Action.ToWireName()} realized {outcome.RealizedPnl} after {outcome.SignedQuantityAfter} @ {outcome.AverageEntryPriceAfter} anomaly {outcome.Anomaly} closed {Describe(outcome.ClosedCycle)}");

    private static string Amounts(IReadOnlyList<AssetAmount> amounts) =>
        string.Join(", ", amounts.Select(a => Invariant($"{a.Amount} {a.Asset}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
