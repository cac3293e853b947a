using FsCheck.Xunit;

namespace Tally.Core.Tests.Properties;

[Properties(Arbitrary = new[] { typeof(FillScripts) })]
public class QuantityProperties
{
    [Property]
    public void One_way_quantity_is_the_signed_sum_of_fills_less_spot_base_fees(FillScript script)
    {
        var (ledger, outcomes) = script.Fold();
        var running = new Dictionary<PositionKey, decimal>();

        for (var i = 0; i < script.Fills.Count; i++)
        {
            var fill = script.Fills[i];
            if (fill.PositionSide != PositionSide.Both)
            {
                continue;
            }

            running[fill.Key] = running.GetValueOrDefault(fill.Key) + FillModel.QuantityChange(fill);
            Assert.Equal(running[fill.Key], outcomes[i].SignedQuantityAfter);
        }

        foreach (var (key, quantity) in running)
        {
            Assert.Equal(quantity, ledger.Find(key)!.SignedQuantity);
        }
    }

    [Property]
    public void Hedge_book_takes_what_the_fill_adds_and_never_goes_past_flat(FillScript script)
    {
        var (_, outcomes) = script.Fold();
        var books = new Dictionary<PositionKey, decimal>();

        for (var i = 0; i < script.Fills.Count; i++)
        {
            var fill = script.Fills[i];
            if (fill.PositionSide == PositionSide.Both)
            {
                continue;
            }

            // LONG: a buy adds, a sell takes off at most what is held; SHORT mirrors with negative sizes
            var before = books.GetValueOrDefault(fill.Key);
            var unclamped = before + fill.SignedQuantity;
            var after = fill.PositionSide == PositionSide.Long ? Math.Max(0m, unclamped) : Math.Min(0m, unclamped);
            books[fill.Key] = after;

            Assert.Equal(after, outcomes[i].SignedQuantityAfter);
            Assert.Equal(after != unclamped, outcomes[i].Anomaly is not null);
        }
    }

    [Property]
    public void Average_entry_is_null_exactly_when_flat(FillScript script)
    {
        var (_, outcomes) = script.Fold();

        Assert.All(outcomes, o => Assert.Equal(o.SignedQuantityAfter == 0m, o.AverageEntryPriceAfter is null));
    }

    [Property]
    public void Reduce_keeps_the_average_entry_price_exactly_on_linear_and_spot(FillScript script) =>
        AssertReduceKeepsAverage(script.Only(InstrumentKind.Linear, InstrumentKind.Spot));

    [Property]
    public void Reduce_keeps_the_average_entry_price_exactly_on_inverse(FillScript script) =>
        AssertReduceKeepsAverage(script.Only(InstrumentKind.Inverse));

    [Property]
    public void Average_entry_of_a_position_entered_at_one_price_is_that_price_on_linear_and_spot(FillScript script) =>
        AssertOnePriceAverage(script.Only(InstrumentKind.Linear, InstrumentKind.Spot));

    [Property]
    public void Average_entry_of_a_position_entered_at_one_price_is_that_price_on_inverse(FillScript script) =>
        AssertOnePriceAverage(script.Only(InstrumentKind.Inverse));

    private static void AssertReduceKeepsAverage(FillScript script)
    {
        var (_, outcomes) = script.Fold();
        var averages = new Dictionary<PositionKey, decimal?>();

        foreach (var outcome in outcomes)
        {
            if (outcome.Action is PositionAction.LongReduced or PositionAction.ShortReduced)
            {
                Assert.Equal(averages[outcome.Key], outcome.AverageEntryPriceAfter);
            }

            averages[outcome.Key] = outcome.AverageEntryPriceAfter;
        }
    }

    private static void AssertOnePriceAverage(FillScript script)
    {
        var (ledger, outcomes) = script.Fold();

        // a fill that opens (or flips into) a position: the average is its own price
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Action is PositionAction.LongOpened or PositionAction.ShortOpened
                or PositionAction.LongClosedAndShortOpened or PositionAction.ShortClosedAndLongOpened)
            {
                Assert.Equal(script.Fills[i].Price, outcomes[i].AverageEntryPriceAfter);
            }
        }

        Assert.All(
            ledger.Positions.Where(p => p.IsOpen && p.Entries.Select(e => e.Price).Distinct().Count() == 1),
            p => Assert.Equal(p.Entries[0].Price, p.AverageEntryPrice));
    }
}
