using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary><c>&lt;symbol&gt;@markPrice[@1s]</c>: mark, index, estimated settle price, funding rate, next funding time.</summary>
public sealed record MarkPriceEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("p")] string MarkPrice,
    [property: JsonPropertyName("i")] string IndexPrice,
    [property: JsonPropertyName("P")] string EstimatedSettlePrice,
    [property: JsonPropertyName("r")] string FundingRate,
    [property: JsonPropertyName("T")] long NextFundingTime);
