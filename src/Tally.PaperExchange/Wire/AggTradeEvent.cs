using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary><c>&lt;symbol&gt;@aggTrade</c> (binance-wire-market.md §2): <c>m</c> true = the taker sold.</summary>
public sealed record AggTradeEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("a")] long AggregateTradeId,
    [property: JsonPropertyName("p")] string Price,
    [property: JsonPropertyName("q")] string Quantity,
    [property: JsonPropertyName("nq")] string NonRpiQuantity,
    [property: JsonPropertyName("f")] long FirstTradeId,
    [property: JsonPropertyName("l")] long LastTradeId,
    [property: JsonPropertyName("T")] long TradeTime,
    [property: JsonPropertyName("m")] bool BuyerIsMaker);
