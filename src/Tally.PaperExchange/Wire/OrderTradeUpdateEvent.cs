using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>User-data ORDER_TRADE_UPDATE (binance-wire.md §7.3): one-letter keys, case matters (E ≠ e, T ≠ t).</summary>
public sealed record OrderTradeUpdateEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("T")] long TransactionTime,
    [property: JsonPropertyName("o")] OrderUpdateBody Order);
