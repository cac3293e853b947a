using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// The least a one-way weighted-average fold can do per fill, as the baseline for <see cref="Ledger"/>: the
/// same decimal arithmetic as <c>Position</c> for linear contracts with multiplier 1, and nothing else (no
/// actions, cycles, entry history, cash flow or per-asset fee tallies).
/// </summary>
/// <remarks>
/// Long 2 @ 100 (basis 200), sell 0.5 @ 110: removes 200 · 0.5 / 2 = 50 of basis and realizes 55 − 50 = 5.
/// A sell of 3 against the remaining 1.5 @ 120: realizes 180 − 150 = 30 and opens a short of 1.5 @ 120.
/// </remarks>
public struct NaivePosition
{
    public decimal SignedQuantity { get; private set; }

    public decimal CostBasis { get; private set; }

    public decimal RealizedPnl { get; private set; }

    public decimal Fees { get; private set; }

    public void Apply(in Fill fill)
    {
        Fees += fill.Fee;
        var delta = fill.SignedQuantity;
        var isLong = SignedQuantity > 0m;

        // Open or add: the basis grows by the entry value.
        if (SignedQuantity == 0m || isLong == delta > 0m)
        {
            CostBasis += fill.Price * fill.Quantity;
            SignedQuantity += delta;
            return;
        }

        // Reduce: remove the held basis in proportion, so the average entry price is unchanged.
        var held = Math.Abs(SignedQuantity);
        if (fill.Quantity < held)
        {
            var removed = CostBasis * fill.Quantity / held;
            var exitValue = fill.Price * fill.Quantity;
            RealizedPnl += isLong ? exitValue - removed : removed - exitValue;
            CostBasis -= removed;
            SignedQuantity += delta;
            return;
        }

        // Close exactly, or close and open the rest the other way (a flip).
        var closeValue = fill.Price * held;
        RealizedPnl += isLong ? closeValue - CostBasis : CostBasis - closeValue;
        var rest = fill.Quantity - held;
        if (rest == 0m)
        {
            CostBasis = 0m;
            SignedQuantity = 0m;
        }
        else
        {
            CostBasis = fill.Price * rest;
            SignedQuantity = delta > 0m ? rest : -rest;
        }
    }
}
