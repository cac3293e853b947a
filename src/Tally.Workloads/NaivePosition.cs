using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// The least a one-way weighted-average fold can do per fill, as the baseline for <see cref="Ledger"/>: the
/// same decimal arithmetic as <c>Position</c> for linear contracts with multiplier 1, and nothing else (no
/// actions, cycle summaries, entry history, cash flow or per-asset fee tallies).
/// </summary>
/// <remarks>
/// Long 2 @ 100, sell 0.5 @ 110 realizes (110 − 100)·0.5 = 5; selling the remaining 1.5 @ 120 closes the cycle,
/// which realizes exactly (55 + 180) − 200 − 5 = 30.
/// </remarks>
public struct NaivePosition
{
    private decimal _entryValue;
    private decimal _exitValue;
    private decimal _cycleRealized;

    public decimal SignedQuantity { get; private set; }

    public decimal Average { get; private set; }

    public readonly decimal CostBasis => Average * Math.Abs(SignedQuantity);

    public decimal RealizedPnl { get; private set; }

    public decimal Fees { get; private set; }

    public void Apply(in Fill fill)
    {
        Fees += fill.Fee;
        var delta = fill.SignedQuantity;
        var held = Math.Abs(SignedQuantity);
        var isLong = SignedQuantity > 0m;

        if (SignedQuantity == 0m || isLong == delta > 0m)
        {
            Enter(fill.Price, fill.Quantity, held);
            SignedQuantity += delta;
            return;
        }

        if (fill.Quantity < held)
        {
            var gain = Math.Round((fill.Price - Average) * fill.Quantity, Position.AmountScale, MidpointRounding.ToEven);
            Realize(isLong ? gain : -gain);
            _exitValue += fill.Price * fill.Quantity;
            SignedQuantity += delta;
            return;
        }

        // Close (and perhaps flip): the cycle realizes exactly Σ exit − Σ entry.
        _exitValue += fill.Price * held;
        var total = isLong ? _exitValue - _entryValue : _entryValue - _exitValue;
        Realize(total - _cycleRealized);
        (_entryValue, _exitValue, _cycleRealized, Average, SignedQuantity) = (0m, 0m, 0m, 0m, 0m);
        var rest = fill.Quantity - held;
        if (rest > 0m)
        {
            Enter(fill.Price, rest, 0m);
            SignedQuantity = delta > 0m ? rest : -rest;
        }
    }

    private void Enter(decimal price, decimal size, decimal held)
    {
        Average = held == 0m ? price : (Average * held + price * size) / (held + size);
        _entryValue += price * size;
    }

    private void Realize(decimal amount)
    {
        RealizedPnl += amount;
        _cycleRealized += amount;
    }
}
