using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary><c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>: the bar so far (<c>x</c> false) or closed (<c>x</c> true).</summary>
public sealed record KlineEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("k")] KlineBody Kline);

public sealed record KlineBody(
    [property: JsonPropertyName("t")] long OpenTime,
    [property: JsonPropertyName("T")] long CloseTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("i")] string Interval,
    [property: JsonPropertyName("f")] long FirstTradeId,
    [property: JsonPropertyName("L")] long LastTradeId,
    [property: JsonPropertyName("o")] string Open,
    [property: JsonPropertyName("c")] string Close,
    [property: JsonPropertyName("h")] string High,
    [property: JsonPropertyName("l")] string Low,
    [property: JsonPropertyName("v")] string Volume,
    [property: JsonPropertyName("n")] long Trades,
    [property: JsonPropertyName("x")] bool Closed,
    [property: JsonPropertyName("q")] string QuoteVolume,
    [property: JsonPropertyName("V")] string TakerBuyVolume,
    [property: JsonPropertyName("Q")] string TakerBuyQuoteVolume,
    [property: JsonPropertyName("B")] string Ignore);
