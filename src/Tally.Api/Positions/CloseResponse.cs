using System.Text.Json.Serialization;

namespace Tally.Api.Positions;

/// <summary>
/// The answer to <c>POST /api/positions/{id}/close</c> (202): the force close is stored as a request the running
/// engine carries out (reduce-only market orders, reason manual) at its next request poll.
/// </summary>
/// <param name="Target">The id or exchange position key as asked.</param>
/// <param name="StrategyPositionIds">The open strategy positions it closes.</param>
public sealed record CloseResponse(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("strategy_position_ids")] IReadOnlyList<string> StrategyPositionIds,
    [property: JsonPropertyName("exchange_position_keys")] IReadOnlyList<string> ExchangePositionKeys,
    [property: JsonPropertyName("message")] string Message);
