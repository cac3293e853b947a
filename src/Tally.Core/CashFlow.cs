namespace Tally.Core;

/// <summary>
/// The cash-flow view of one key: what went in and out in base and quote, with fees apart.
/// p1 = Σ signed base change (+ buy, − sell); p2 = Σ signed quote change (− buy, + sell);
/// p1_fee / p2_fee = Σ fees charged in base / quote (a third-asset fee counts in the settlement column
/// once its conversion price is known). Rebates keep their negative sign.
/// </summary>
/// <remarks>
/// Break-even = −(p2 − p2_fee) / (p1 − p1_fee): buy 1 @ 100 with a 0.1 USDT fee → −(−100 − 0.1) / 1 = 100.1;
/// with a 0.001 BTC fee instead → −(−100) / 0.999 = 100.1001…. The earlier system wrote −(p2 + p2_fee) / p1,
/// which lets a fee lower a long's break-even; that sign is wrong and is not reproduced here.
/// </remarks>
public readonly record struct CashFlow(decimal P1, decimal P2, decimal P1Fee, decimal P2Fee)
{
    /// <summary>
    /// The base and quote a fill moves, fees aside: linear and spot move x·m base against p·x·m quote;
    /// inverse contracts are USD value, so x contracts move x·m quote against x·m/p base.
    /// </summary>
    public static (decimal Base, decimal Quote) DeltaOf(Instrument instrument, in Fill fill)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var m = instrument.Multiplier;
        return instrument.Kind == InstrumentKind.Inverse
            ? (fill.SignedQuantity * m / fill.Price, -fill.SignedQuantity * m)
            : (fill.SignedQuantity * m, -fill.SignedQuantity * fill.Price * m);
    }

    /// <summary>Base actually held: a fee paid in base shrinks it.</summary>
    public decimal HeldBase => P1 - P1Fee;

    /// <summary>The price at which selling what is held returns every unit of quote spent; null when nothing is held.</summary>
    public decimal? BreakEvenPrice => HeldBase == 0m ? null : -(P2 - P2Fee) / HeldBase;
}
