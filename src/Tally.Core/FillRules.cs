namespace Tally.Core;

/// <summary>
/// The rules a fill must keep before it can be folded, in one place: the ledger checks them (<see cref="Ledger.Check"/>),
/// readers quote them per row. None looks at a position, so a fill that passes can always be folded.
/// </summary>
public static class FillRules
{
    /// <summary>The problem of a symbol the catalog can neither find nor infer.</summary>
    public const string UnknownSymbol = "has no known quote asset";

    /// <summary>The problem of a spot fee in the base asset that would leave no coins moved (or move them the wrong way).</summary>
    public const string BaseFeeNotSmaller = "must be smaller than qty when charged in the base asset";

    /// <summary>Null when <paramref name="fill"/> of <paramref name="instrument"/> can be folded; otherwise why not.</summary>
    public static FillRejection? Check(in Fill fill, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (fill.Quantity <= 0m)
        {
            return new FillRejection("qty", DecimalText.Format(fill.Quantity), "is not positive");
        }

        if (fill.Price <= 0m)
        {
            return new FillRejection("price", DecimalText.Format(fill.Price), "is not positive");
        }

        return CheckBaseFee(fill, instrument);
    }

    /// <summary>Null unless <paramref name="fill"/> is spot with a base-asset fee not smaller than its quantity.</summary>
    public static FillRejection? CheckBaseFee(in Fill fill, Instrument instrument) =>
        IsSpotBaseFee(fill, instrument) && !BaseFeeFits(fill)
            ? new FillRejection("fee", DecimalText.Format(fill.Fee), BaseFeeNotSmaller)
            : null;

    /// <summary>True when a spot fill pays its fee in the base asset: out of the coins themselves.</summary>
    public static bool IsSpotBaseFee(in Fill fill, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Kind == InstrumentKind.Spot && (fill.FeeAsset ?? instrument.SettlementAsset) == instrument.BaseAsset;
    }

    /// <summary>The quantity change after a base-asset fee is non-zero and keeps the fill's sign.</summary>
    private static bool BaseFeeFits(in Fill fill)
    {
        var delta = fill.SignedQuantity - fill.Fee;
        return delta != 0m && Math.Sign(delta) == Math.Sign(fill.SignedQuantity);
    }
}
