using FsCheck.Xunit;
using Tally.Core.Attribution;

namespace Tally.Core.Tests.Properties;

/// <summary>The three invariants of DESIGN.md §3, after every fill of random multi-strategy streams.</summary>
[Properties(Arbitrary = new[] { typeof(AttributedScript) }, MaxTest = 200)]
public class AttributionProperties
{
    [Property]
    public void Open_strategy_quantity_on_a_key_is_the_key_quantity(AttributedScript script) =>
        script.Fold((ledger, book, key) =>
        {
            var open = FillModel.Sum(book.StrategyPositions().Where(p => p.Key == key).Select(p => p.OpenQuantity));
            Assert.Equal(ledger.Find(key)!.Quantity, open);
            Assert.All(book.StrategyPositions(), p => Assert.True(p.OpenQuantity >= 0m, $"{p.StrategyPositionId} holds {p.OpenQuantity}"));
        });

    [Property]
    public void Realized_plus_unrealized_at_any_mark_is_the_key_s_and_exactly_its_realized_when_flat(AttributedScript script) =>
        script.Fold((ledger, book, key) =>
        {
            var position = ledger.Find(key)!;
            var own = book.StrategyPositions().Where(p => p.Key == key).ToList();
            var realized = FillModel.Sum(own.Select(p => p.RealizedPnl));
            if (!position.IsOpen)
            {
                Assert.Equal(position.RealizedPnl, realized);
                return;
            }

            foreach (var mark in new[] { position.AverageEntryPrice!.Value, 10m, 1234.5m, 65_000m })
            {
                var attributed = realized + FillModel.Sum(own.Select(p => p.UnrealizedPnl(mark)));
                var ledgers = position.RealizedPnl + position.UnrealizedPnl(mark);

                // Open, the two differ only by the ledger's rounded average (28 digits) and 18-place cuts.
                Assert.True(Math.Abs(attributed - ledgers) <= 0.000_000_01m, $"mark {mark}: attributed {attributed} vs ledger {ledgers}");
            }
        });

    [Property]
    public void Attributed_fees_and_funding_are_the_key_s(AttributedScript script)
    {
        var (ledger, book) = script.Fold();
        foreach (var position in ledger.Positions)
        {
            var own = book.StrategyPositions().Where(p => p.Key == position.Key).ToList();
            var fees = FillModel.SumPerAsset(own.SelectMany(p => p.FeesByAsset).Concat(book.UnattributedFees(position.Key)));
            foreach (var fee in position.Fees)
            {
                FillModel.AssertWithinReassociation(fee.Amount, fees.AmountOf(fee.Asset));
            }

            FillModel.AssertWithinReassociation(position.SettlementFees, FillModel.Sum(own.Select(p => p.Fees)) + book.UnattributedSettlementFees(position.Key));

            var funding = FillModel.SumPerAsset(own.SelectMany(p => p.Funding).Concat(book.UnattributedFunding(position.Key)));
            foreach (var paid in position.Funding)
            {
                Assert.Equal(paid.Amount, funding.AmountOf(paid.Asset));
            }
        }
    }

    [Property]
    public void A_replay_of_the_same_fills_and_purposes_gives_the_same_book(AttributedScript script)
    {
        var (_, first) = script.Fold();
        var (_, second) = script.Fold();

        Assert.Equal(first.StrategyPositions().Select(Describe), second.StrategyPositions().Select(Describe));
        Assert.Equal(first.ExchangePositions().Select(e => e with { ContributingStrategies = [] }), second.ExchangePositions().Select(e => e with { ContributingStrategies = [] }));
    }

    private static string Describe(StrategyPosition p) =>
        $"{p.StrategyPositionId} {p.StrategyId} {p.Key} {p.OpenQuantity} {p.EntryQuantity} {p.RealizedPnl} {p.Fees} {p.Status} {p.CloseReason}";
}
