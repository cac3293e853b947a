namespace Tally.Core.Tests.Properties;

/// <summary>The plain arithmetic the properties compare the ledger against.</summary>
internal static class FillModel
{
    public static Instrument InstrumentOf(Fill fill) => Instruments.Catalog().Resolve(fill.Symbol);

    /// <summary>The asset a fill's fee was charged in (the settlement asset when the fill names none).</summary>
    public static string FeeAssetOf(Fill fill) => fill.FeeAsset ?? InstrumentOf(fill).SettlementAsset;

    /// <summary>A spot fee in the base asset comes out of the coins.</summary>
    public static bool IsSpotBaseFee(Fill fill)
    {
        var instrument = InstrumentOf(fill);
        return instrument.Kind == InstrumentKind.Spot && FeeAssetOf(fill) == instrument.BaseAsset;
    }

    /// <summary>What the fill does to the signed quantity of a one-way key: ±x, less a spot base-asset fee.</summary>
    public static decimal QuantityChange(Fill fill) => fill.SignedQuantity - (IsSpotBaseFee(fill) ? fill.Fee : 0m);

    /// <summary>A hedge-mode reduce that found its book flat: nothing is applied to any cycle.</summary>
    public static bool IsFlatBookAnomaly(RecordedOutcome outcome) => outcome.Anomaly is not null && outcome.ClosedCycle is null;

    /// <summary>Sums per asset, in the order the assets first appear.</summary>
    public static IReadOnlyList<AssetAmount> SumPerAsset(IEnumerable<AssetAmount> amounts) =>
        amounts.GroupBy(a => a.Asset).Select(g => new AssetAmount(g.Key, g.Aggregate(0m, (sum, a) => sum + a.Amount))).ToList();

    public static decimal Sum(IEnumerable<decimal> values) => values.Aggregate(0m, (sum, value) => sum + value);

    /// <summary>
    /// Sums taken in a different order than the ledger's may differ in the 28th significant digit, because
    /// decimal rounds once a result needs more than 28–29 digits (realized amounts like 83.333… do). Any
    /// accounting mistake is many orders of magnitude larger than this, so such sums compare within 1e-18.
    /// </summary>
    public const decimal ReassociationTolerance = 0.000_000_000_000_000_001m;

    public static void AssertWithinReassociation(decimal expected, decimal actual)
    {
        if (Math.Abs(expected - actual) > ReassociationTolerance)
        {
            Assert.Fail($"expected {expected} but got {actual} (difference {expected - actual} is more than rounding)");
        }
    }
}
