using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Tally.Core.Attribution;

namespace Tally.Core.Tests.Properties;

/// <summary>
/// A generated fill stream (<see cref="FillScripts"/>: one-way and hedge keys, linear, spot and inverse) with a
/// choice per fill of which of three strategies placed it and for what — entry, exit of one of the key's
/// strategy positions, exit for a strategy, or nobody (manual, liquidation, ADL) — plus occasional funding,
/// folded under either policy.
/// </summary>
public sealed record AttributedScript(FillScript Script, IReadOnlyList<int> Choices, AttributionPolicy Policy)
{
    private static readonly string[] Strategies = ["S1", "S2", "S3"];

    public static Arbitrary<AttributedScript> Scripts() =>
        Arb.From(
            from script in FillScripts.Scripts().Generator
            from choices in Gen.ListOf(Gen.Choose(0, 9_999)).Select(list => (IReadOnlyList<int>)[7, .. list])
            from policy in Gen.Elements(AttributionPolicy.Fifo, AttributionPolicy.ProRata)
            select new AttributedScript(script, choices, policy));

    /// <summary>Folds every fill (and funding) into a ledger and a book, calling <paramref name="afterEach"/> after each step.</summary>
    public (Ledger Ledger, AttributionBook Book) Fold(Action<Ledger, AttributionBook, PositionKey>? afterEach = null)
    {
        var ledger = Instruments.Ledger();
        var book = new AttributionBook(Policy);
        for (var i = 0; i < Script.Fills.Count; i++)
        {
            var fill = Script.Fills[i];
            var choice = Choices[i % Choices.Count];
            if (choice % 5 == 0 && ledger.Find(fill.Key) is { IsOpen: true } held)
            {
                // funding of up to ±1 in the settlement asset, received or paid
                book.ApplyFunding(ledger, fill.Key, ((choice % 2001) - 1000) / 1000m, held.Instrument.SettlementAsset, fill.Timestamp);
                afterEach?.Invoke(ledger, book, fill.Key);
            }

            book.Apply(ledger, fill, Purpose(book, fill, choice));
            afterEach?.Invoke(ledger, book, fill.Key);
        }

        return (ledger, book);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"policy {Policy}, choices [{string.Join(",", Choices.Take(Script.Fills.Count))}]{Script}");

    private static OrderPurpose Purpose(AttributionBook book, Fill fill, int choice)
    {
        var strategy = Strategies[choice % Strategies.Length];
        var open = book.StrategyPositions().Where(p => p.Key == fill.Key && p.OpenQuantity > 0m).ToList();
        return (choice / 3 % 6) switch
        {
            0 or 1 => new OrderPurpose.Entry(strategy, $"{strategy}-{choice % 4}"),
            2 when open.Count > 0 => new OrderPurpose.ExitPosition(open[choice % open.Count].StrategyPositionId, CloseReason.TakeProfit),
            2 or 3 => new OrderPurpose.ExitStrategy(strategy, CloseReason.Signal),
            4 => new OrderPurpose.Unplaced(CloseReason.Manual),
            _ => new OrderPurpose.Unplaced(CloseReason.Liquidation),
        };
    }
}
