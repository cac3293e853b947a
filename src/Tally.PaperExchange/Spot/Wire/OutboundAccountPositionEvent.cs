using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Spot.Wire;

/// <summary>The spot outboundAccountPosition event: balances of the assets that changed.</summary>
public sealed record OutboundAccountPositionEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("u")] long LastUpdateTime,
    [property: JsonPropertyName("B")] IReadOnlyList<AccountPositionBalance> Balances);

/// <summary>One entry of <c>B</c>.</summary>
public sealed record AccountPositionBalance(
    [property: JsonPropertyName("a")] string Asset,
    [property: JsonPropertyName("f")] string Free,
    [property: JsonPropertyName("l")] string Locked);
