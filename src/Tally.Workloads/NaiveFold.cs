using System.Runtime.InteropServices;
using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// The baseline every ledger benchmark is reported against: one dictionary look-up and the bare
/// weighted-average arithmetic per fill (<see cref="NaivePosition"/>), nothing else.
/// </summary>
public static class NaiveFold
{
    public static Dictionary<PositionKey, NaivePosition> Fold(ReadOnlySpan<Fill> fills)
    {
        var positions = new Dictionary<PositionKey, NaivePosition>();
        foreach (ref readonly var fill in fills)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(positions, fill.Key, out _).Apply(in fill);
        }

        return positions;
    }

    /// <summary>
    /// The baseline is only fair if it does the ledger's arithmetic: per key, the same realized PnL to the
    /// last of 28 digits, the same fees, quantity and basis. Throws when they part.
    /// </summary>
    public static void AssertAgrees(Ledger ledger, Dictionary<PositionKey, NaivePosition> naive)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(naive);
        if (ledger.Positions.Count != naive.Count)
        {
            throw new InvalidOperationException($"ledger has {ledger.Positions.Count} keys, baseline {naive.Count}");
        }

        foreach (var (key, expected) in naive)
        {
            var position = ledger.Find(key) ?? throw new InvalidOperationException($"{key}: missing from the ledger");
            if (position.RealizedPnl != expected.RealizedPnl
                || position.SettlementFees != expected.Fees
                || position.SignedQuantity != expected.SignedQuantity
                || position.CostBasis != expected.CostBasis)
            {
                throw new InvalidOperationException(
                    $"{key}: ledger realized {position.RealizedPnl} fees {position.SettlementFees} qty {position.SignedQuantity} basis {position.CostBasis}; " +
                    $"baseline {expected.RealizedPnl} {expected.Fees} {expected.SignedQuantity} {expected.CostBasis}");
            }
        }
    }
}
