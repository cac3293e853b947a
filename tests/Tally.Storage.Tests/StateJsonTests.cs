using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Core;

namespace Tally.Storage.Tests;

public sealed class StateJsonTests
{
    private static readonly JsonSerializerOptions ObjectOptions = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The form states were saved in before the compact one: a JSON object with property names.</summary>
    public static string ObjectForm(PositionState state) => JsonSerializer.Serialize(state, ObjectOptions);

    private static PositionState Sample() => new(
        SignedQuantity: -1.50m,
        AverageEntryPrice: 3033.3333333333333333333333333m,
        RealizedPnl: 83.333333333333333333m,
        SettlementFees: 2.46m,
        Fees: [new AssetAmount("USDT", 2.46m), new AssetAmount("BNB", 0.001m)],
        Funding: [new AssetAmount("USDT", -0.25m)],
        P1: 1m,
        P2: -2950.00m,
        P1Fee: 0m,
        P2Fee: 2.46m,
        ClosedCycles: 3,
        LastUpdate: new DateTimeOffset(2026, 3, 1, 12, 3, 0, 123, TimeSpan.Zero),
        Entries:
        [
            new PositionEntry(3000m, 1m, new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero), Side.Sell),
            new PositionEntry(3100.5m, 0.50m, null, Side.Sell),
            new PositionEntry(3050m, 0.25m, new DateTimeOffset(2026, 3, 1, 14, 2, 0, TimeSpan.FromHours(2)).AddTicks(7), Side.Buy),
        ],
        Cycle: new CycleState(PositionDirection.Short, new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero), 1.5m, 4550.25m, 3033.5m, 0m, 0m, 0m, 1.5m, 0m, 0m, [new AssetAmount("USDT", 1.2m)]));

    [Fact]
    public void A_position_state_survives_its_compact_form_exactly()
    {
        var state = Sample();

        var text = StateJson.Write(state);
        var read = StateJson.ReadPosition(text);

        Assert.StartsWith("[2,", text, StringComparison.Ordinal);
        Assert.True(read.SameAs(state), text);
        Assert.Equal(state.Entries[2].Timestamp!.Value.Offset, read.Entries[2].Timestamp!.Value.Offset);
        Assert.Equal("-1.50", read.SignedQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_flat_position_with_nothing_held_survives_its_compact_form()
    {
        var state = Sample() with { SignedQuantity = 0m, Fees = [], Funding = [], Entries = [], LastUpdate = null, Cycle = Sample().Cycle with { Side = PositionDirection.Flat, OpenedAt = null, Fees = [] } };

        Assert.True(StateJson.ReadPosition(StateJson.Write(state)).SameAs(state));
    }

    [Fact]
    public void A_position_state_saved_in_the_earlier_object_form_is_still_read()
    {
        var state = Sample();

        Assert.True(StateJson.ReadPosition(ObjectForm(state)).SameAs(state));
    }

    [Fact]
    public void The_compact_form_is_much_smaller_than_the_object_form()
    {
        var state = Sample();

        Assert.True(StateJson.Write(state).Length * 2 < ObjectForm(state).Length);
    }

    [Theory]
    [InlineData("[9,0]")]
    [InlineData("[2,1,2")]
    public void Text_that_is_not_a_saved_state_is_refused(string text) =>
        Assert.ThrowsAny<JsonException>(() => StateJson.ReadPosition(text));
}
