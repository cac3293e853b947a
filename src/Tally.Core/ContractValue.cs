namespace Tally.Core;

/// <summary>
/// The arithmetic every fold of positions shares (the ledger's <see cref="Position"/> and the strategy
/// attribution): what a quantity is worth at a price, what leaving a basis for an exit value realizes, and how
/// a fill's fee divides between the two legs of a flip. One home, so the ledger and the attribution of the
/// same fills can never disagree by a rounding.
/// </summary>
public static class ContractValue
{
    /// <summary>
    /// Decimal places kept in a reduce's realized PnL and in an inverse contract's base value. Quotients such
    /// as (p − A)·x or x·m/p run to 28 digits, and adding 28-digit numbers of different sizes rounds; cut to
    /// 18 places (far below any asset's smallest unit) every later sum stays exact.
    /// </summary>
    public const int AmountScale = 18;

    /// <summary>
    /// Value of <paramref name="size"/> contracts at <paramref name="price"/>: quote p·x·m for spot and linear,
    /// base x·m/p for inverse (kept to <see cref="AmountScale"/> places).
    /// </summary>
    public static decimal Of(Instrument instrument, decimal price, decimal size) =>
        instrument.Kind == InstrumentKind.Inverse ? ToAmountScale(size * instrument.Multiplier / price)
        : instrument.Multiplier == 1m ? price * size
        : price * size * instrument.Multiplier;

    /// <summary>PnL of leaving a position of basis <paramref name="basis"/> for <paramref name="exitValue"/>.</summary>
    public static decimal ExitPnl(Instrument instrument, PositionDirection direction, decimal basis, decimal exitValue)
    {
        // Linear: a long gains when it sells for more quote than it paid. Inverse values are in base
        // (x·m/p), which shrink as the price rises, so the comparison turns round.
        var gainIfLong = instrument.Kind == InstrumentKind.Inverse ? basis - exitValue : exitValue - basis;
        return direction == PositionDirection.Long ? gainIfLong : -gainIfLong;
    }

    /// <summary>
    /// The part of a flip's fee that belongs to its closing leg: pro rata by quantity (flip 3 against a long of
    /// 1 with fee 0.3: 0.1 closes the long, 0.2 opens the short), except a spot base-asset fee, which already
    /// shrank the new leg and so belongs to it whole. Multiply before dividing: 36 · 1 / 3 is exactly 12, where
    /// 36 · (1 / 3) is 11.99….
    /// </summary>
    public static decimal FlipCloseShare(decimal amount, decimal held, decimal fillQuantity, bool spotBaseFee) =>
        spotBaseFee ? 0m : amount * held / fillQuantity;

    /// <summary>Rounds to <see cref="AmountScale"/> places; most amounts already have fewer (Scale is a cheap read, Math.Round is not).</summary>
    public static decimal ToAmountScale(decimal value) =>
        value.Scale > AmountScale ? Math.Round(value, AmountScale, MidpointRounding.ToEven) : value;
}
