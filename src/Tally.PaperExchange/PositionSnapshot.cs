using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>One positionRisk row before formatting: a (symbol, side) book at the current mark price.</summary>
/// <param name="Amount">+ long, − short, 0 flat.</param>
/// <param name="EntryPrice">0 when flat.</param>
public sealed record PositionSnapshot(
    PaperSymbol Symbol,
    PositionSide PositionSide,
    decimal Amount,
    decimal EntryPrice,
    decimal MarkPrice,
    DateTimeOffset? UpdateTime)
{
    /// <summary>Where this position's symbol would be liquidated (see <see cref="PaperVenue.LiquidationPrice"/>); 0 for none.</summary>
    public decimal LiquidationPrice { get; init; }

    /// <summary>The symbol's leverage (POST /fapi/v1/leverage, else the options'); initial margin is |notional| / leverage.</summary>
    public int Leverage { get; init; } = 1;

    /// <summary>The symbol's margin type as set; reported only, the margin model is cross.</summary>
    public MarginType MarginType { get; init; }

    /// <summary>|notional| / leverage.</summary>
    public decimal InitialMargin => Math.Abs(Notional) / Leverage;

    /// <summary>(mark − entry) · amount; the amount's sign makes it right for shorts.</summary>
    public decimal UnrealizedProfit => Amount == 0 ? 0m : (MarkPrice - EntryPrice) * Amount;

    /// <summary>Signed notional at the mark price.</summary>
    public decimal Notional => MarkPrice * Amount;

    /// <summary>
    /// The exit price at which the position nets zero after paying the taker fee rate f on both its entry and its
    /// exit. Ours, not Binance's published formula: long B = E·(1 + f)/(1 − f), short B = E·(1 − f)/(1 + f).
    /// Example: long at 3000 with f = 0.0004 → 3002.4009….
    /// </summary>
    public decimal BreakEvenPrice(decimal takerFeeRate) => Amount switch
    {
        > 0 => EntryPrice * (1 + takerFeeRate) / (1 - takerFeeRate),
        < 0 => EntryPrice * (1 - takerFeeRate) / (1 + takerFeeRate),
        _ => 0m,
    };
}
