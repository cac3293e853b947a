using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>
/// Spot <c>&lt;symbol&gt;@aggTrade</c>: the USD-M fields without <c>nq</c>, plus <c>M</c> (documented as "ignore",
/// always true here as on Binance). <c>m</c> true = the taker sold.
/// </summary>
public sealed record SpotAggTradeEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("a")] long AggregateTradeId,
    [property: JsonPropertyName("p")] string Price,
    [property: JsonPropertyName("q")] string Quantity,
    [property: JsonPropertyName("f")] long FirstTradeId,
    [property: JsonPropertyName("l")] long LastTradeId,
    [property: JsonPropertyName("T")] long TradeTime,
    [property: JsonPropertyName("m")] bool BuyerIsMaker,
    [property: JsonPropertyName("M")] bool Ignore);
