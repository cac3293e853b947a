using System.Globalization;

namespace Tally.Core.Tests.Properties;

/// <summary>
/// A generated sequence of fills over a few keys, in the order they are applied. Printed one fill per
/// line so that a failing property shows a counterexample a person can replay by hand.
/// </summary>
public sealed record FillScript(IReadOnlyList<Fill> Fills)
{
    /// <summary>Folds every fill into a fresh ledger that knows the test instruments.</summary>
    public (Ledger Ledger, IReadOnlyList<RecordedOutcome> Outcomes) Fold() => Fold(Fills);

    public static (Ledger Ledger, IReadOnlyList<RecordedOutcome> Outcomes) Fold(IEnumerable<Fill> fills)
    {
        var ledger = Instruments.Ledger();
        var outcomes = fills.Select(fill => ledger.Apply(fill)).Select(o => new RecordedOutcome(o, o.ClosedCycle)).ToList();
        return (ledger, outcomes);
    }

    /// <summary>The sub-script of fills on instruments of the given kinds, in the same order.</summary>
    public FillScript Only(params InstrumentKind[] kinds) =>
        new(Fills.Where(f => kinds.Contains(FillModel.InstrumentOf(f).Kind)).ToList());

    public IEnumerable<PositionKey> Keys => Fills.Select(f => f.Key).Distinct();

    public override string ToString() =>
        Fills.Count == 0 ? "(no fills)" : Environment.NewLine + string.Join(Environment.NewLine, Fills.Select(Describe));

    public static string Describe(Fill fill)
    {
        var fee = fill.Fee == 0m
            ? string.Empty
            : string.Create(
                CultureInfo.InvariantCulture,
                $" fee {fill.Fee} {fill.FeeAsset ?? "(settlement)"}{(fill.FeeConversionPrice is { } price ? $" @ {price}" : string.Empty)}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"#{fill.TradeId} {fill.Side.ToWireName()} {fill.Quantity} {fill.Symbol}/{fill.PositionSide.ToWireName()} @ {fill.Price}{fee}");
    }
}
