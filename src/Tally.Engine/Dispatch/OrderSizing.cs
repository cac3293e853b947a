using System.Globalization;
using Tally.Core;
using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>
/// An accepted buy/sell's order quantity (DESIGN.md §4): as given, or size_fraction × available balance × leverage
/// / price; rounded down to the venue's step; below the minimum quantity or notional it is "too small".
/// </summary>
public static class OrderSizing
{
    /// <summary>The quantity to send, or null with the reason the signal is rejected.</summary>
    /// <param name="price">The order's reference price: the signal's limit price, else the venue's current price.</param>
    /// <param name="available">Available balance in the symbol's margin asset (used only with a size fraction).</param>
    public static decimal? Size(Signal signal, VenueSymbol symbol, decimal price, decimal available, decimal leverage, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(symbol);
        rejection = null;
        decimal raw;
        if (signal.Quantity is { } given)
        {
            raw = given;
        }
        else if (signal.SizeFraction is { } fraction)
        {
            raw = price > 0m ? fraction * available * leverage / price : 0m;
        }
        else
        {
            rejection = "no quantity or size_fraction";
            return null;
        }

        var quantity = symbol.RoundQuantityDown(raw);
        if (quantity <= 0m || (symbol.MinQuantity is { } minQty && quantity < minQty))
        {
            rejection = Invariant($"too small: {DecimalText.Format(quantity)} {signal.Symbol} is below the minimum quantity {DecimalText.Format(symbol.MinQuantity ?? symbol.StepSize ?? 0m)}");
            return null;
        }

        if (symbol.MinNotional is { } minNotional && quantity * price < minNotional)
        {
            rejection = Invariant($"too small: notional {DecimalText.Format(quantity * price)} is below the minimum {DecimalText.Format(minNotional)}");
            return null;
        }

        return quantity;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
