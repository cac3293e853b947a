namespace Tally.Core;

/// <summary>
/// How large the amounts of one fill may be so that folding it can never overflow <see cref="decimal"/>
/// (about 7.9 × 10^28): the ledger multiplies quantities by prices and multipliers, splits fees pro rata and sums
/// values over a position's whole history. With every amount at most <see cref="MaxAmount"/> and every value at
/// most <see cref="MaxValue"/>, a position can fold millions of fills at those limits before a total comes near
/// the edge. Real fills are far below both (a year of BTC traded in one fill is about 10^16 USDT).
/// </summary>
public static class AmountLimits
{
    /// <summary>Largest quantity, price, fee, fee price or mark price: 10^14.</summary>
    public const decimal MaxAmount = 100_000_000_000_000m;

    /// <summary>Largest value of one fill in base or quote (qty × price × multiplier; inverse qty × multiplier / price), or of its fee converted: 10^18.</summary>
    public const decimal MaxValue = 1_000_000_000_000_000_000m;

    /// <summary>The first amount of <paramref name="fill"/> over a limit, as the column it came from and the problem; null when it fits.</summary>
    public static (string Column, decimal Value, string Problem)? Check(in Fill fill, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (TooLarge(fill.Quantity))
        {
            return ("qty", fill.Quantity, AmountProblem);
        }

        if (TooLarge(fill.Price))
        {
            return ("price", fill.Price, AmountProblem);
        }

        if (TooLarge(fill.Fee))
        {
            return ("fee", fill.Fee, AmountProblem);
        }

        if (fill.FeeConversionPrice is { } feePrice && TooLarge(feePrice))
        {
            return ("fee_price", feePrice, AmountProblem);
        }

        // Estimated in double: only the order of magnitude matters, and a double cannot overflow here.
        var baseUnits = (double)fill.Quantity * (double)instrument.Multiplier;
        var value = instrument.Kind == InstrumentKind.Inverse ? baseUnits / (double)fill.Price : baseUnits * (double)fill.Price;
        if (Math.Abs(baseUnits) > (double)MaxValue || Math.Abs(value) > (double)MaxValue)
        {
            return ("qty", fill.Quantity, ValueProblem(instrument.Kind == InstrumentKind.Inverse ? "qty × multiplier / price" : "qty × price × multiplier"));
        }

        if (fill.FeeConversionPrice is { } conversion && Math.Abs((double)fill.Fee * (double)conversion) > (double)MaxValue)
        {
            return ("fee", fill.Fee, ValueProblem("fee × fee_price"));
        }

        return null;
    }

    /// <summary>True when <paramref name="amount"/> is beyond <see cref="MaxAmount"/> either way.</summary>
    public static bool TooLarge(decimal amount) => amount > MaxAmount || amount < -MaxAmount;

    /// <summary>The problem phrase for an amount beyond <see cref="MaxAmount"/>.</summary>
    public static string AmountProblem => "is too large to total (at most 1E+14)";

    private static string ValueProblem(string product) => $"is too large to total: {product} is over 1E+18";
}
