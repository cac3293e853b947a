namespace Tally.Core.Tests;

public class PositionActionTests
{
    [Fact]
    public void Every_action_is_reported_for_the_fill_that_causes_it()
    {
        var ledger = Instruments.Ledger();
        (Fill Fill, PositionAction Expected)[] script =
        [
            (Buy(Instruments.EthPerp, 1m, 100m), PositionAction.LongOpened),                  // +1
            (Buy(Instruments.EthPerp, 1m, 100m), PositionAction.LongIncreased),               // +2
            (Sell(Instruments.EthPerp, 0.5m, 100m), PositionAction.LongReduced),              // +1.5
            (Sell(Instruments.EthPerp, 1.5m, 100m), PositionAction.LongClosed),               // 0
            (Sell(Instruments.EthPerp, 1m, 100m), PositionAction.ShortOpened),                // −1
            (Sell(Instruments.EthPerp, 1m, 100m), PositionAction.ShortIncreased),             // −2
            (Buy(Instruments.EthPerp, 0.5m, 100m), PositionAction.ShortReduced),              // −1.5
            (Buy(Instruments.EthPerp, 1.5m, 100m), PositionAction.ShortClosed),               // 0
            (Buy(Instruments.EthPerp, 1m, 100m), PositionAction.LongOpened),                  // +1
            (Sell(Instruments.EthPerp, 2m, 100m), PositionAction.LongClosedAndShortOpened),   // −1
            (Buy(Instruments.EthPerp, 2m, 100m), PositionAction.ShortClosedAndLongOpened),    // +1
        ];

        var actual = script.Select(step => ledger.Apply(step.Fill).Action).ToArray();

        Assert.Equal(script.Select(step => step.Expected), actual);
        Assert.Equal(Enum.GetValues<PositionAction>().Order(), actual.Distinct().Order());
    }

    [Theory]
    [InlineData(PositionAction.LongOpened, "long_opened")]
    [InlineData(PositionAction.LongIncreased, "long_increased")]
    [InlineData(PositionAction.LongReduced, "long_reduced")]
    [InlineData(PositionAction.LongClosed, "long_closed")]
    [InlineData(PositionAction.ShortOpened, "short_opened")]
    [InlineData(PositionAction.ShortIncreased, "short_increased")]
    [InlineData(PositionAction.ShortReduced, "short_reduced")]
    [InlineData(PositionAction.ShortClosed, "short_closed")]
    [InlineData(PositionAction.LongClosedAndShortOpened, "long_closed_and_short_opened")]
    [InlineData(PositionAction.ShortClosedAndLongOpened, "short_closed_and_long_opened")]
    public void Action_wire_name_is_the_design_spelling_and_parses_back(PositionAction action, string wire)
    {
        Assert.Equal(wire, action.ToWireName());
        Assert.True(WireNames.TryParseAction(wire, out var parsed));
        Assert.Equal(action, parsed);
    }

    [Fact]
    public void Every_action_has_a_distinct_wire_name()
    {
        var names = Enum.GetValues<PositionAction>().Select(a => a.ToWireName()).ToArray();

        Assert.Equal(10, names.Length);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Unknown_action_name_does_not_parse()
    {
        Assert.False(WireNames.TryParseAction("long_flipped", out _));
    }
}
