using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>User-data ALGO_UPDATE: a conditional order changed status (Binance "Event: Algo Order Update").</summary>
public sealed record AlgoUpdateEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("T")] long TransactionTime,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("o")] AlgoUpdateBody Order);

/// <summary>
/// The <c>o</c> object. ai (the triggered order's id) is a string, "" before the trigger; ap/aq/act describe that
/// order once it exists; rm carries the reason of a REJECTED status and is left out otherwise.
/// </summary>
public sealed record AlgoUpdateBody(
    [property: JsonPropertyName("caid")] string ClientAlgoId,
    [property: JsonPropertyName("aid")] long AlgoId,
    [property: JsonPropertyName("at")] string AlgoType,
    [property: JsonPropertyName("o")] string OrderType,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("S")] string Side,
    [property: JsonPropertyName("ps")] string PositionSide,
    [property: JsonPropertyName("f")] string TimeInForce,
    [property: JsonPropertyName("q")] string Quantity,
    [property: JsonPropertyName("X")] string Status,
    [property: JsonPropertyName("ai")] string ActualOrderId,
    [property: JsonPropertyName("ap")] string ActualAveragePrice,
    [property: JsonPropertyName("aq")] string ActualQuantity,
    [property: JsonPropertyName("act")] string ActualOrderType,
    [property: JsonPropertyName("tp")] string TriggerPrice,
    [property: JsonPropertyName("p")] string Price,
    [property: JsonPropertyName("V")] string SelfTradePreventionMode,
    [property: JsonPropertyName("wt")] string WorkingType,
    [property: JsonPropertyName("pm")] string PriceMatch,
    [property: JsonPropertyName("cp")] bool ClosePosition,
    [property: JsonPropertyName("pP")] bool PriceProtect,
    [property: JsonPropertyName("R")] bool ReduceOnly,
    [property: JsonPropertyName("tt")] long TriggerTime,
    [property: JsonPropertyName("gtd")] long GoodTillDate,
    [property: JsonPropertyName("rm")] string? RejectReason);
