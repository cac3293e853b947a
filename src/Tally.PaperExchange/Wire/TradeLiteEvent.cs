using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>
/// User-data TRADE_LITE (binance-wire.md §7.3, fixture nautilus_fapi_ws_trade_lite.json): sent for each fill just
/// before its ORDER_TRADE_UPDATE, without commission, realized PnL or position side.
/// </summary>
public sealed record TradeLiteEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("T")] long TransactionTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("q")] string OriginalQuantity,
    [property: JsonPropertyName("p")] string OriginalPrice,
    [property: JsonPropertyName("m")] bool Maker,
    [property: JsonPropertyName("c")] string ClientOrderId,
    [property: JsonPropertyName("S")] string Side,
    [property: JsonPropertyName("L")] string LastFilledPrice,
    [property: JsonPropertyName("l")] string LastFilledQuantity,
    [property: JsonPropertyName("t")] long TradeId,
    [property: JsonPropertyName("i")] long OrderId);
